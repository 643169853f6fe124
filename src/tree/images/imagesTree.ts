// Images by repository, with their size; untagged ones are marked dangling.
import * as vscode from 'vscode';
import { ok, type Result } from '../../../runtime-helper/util/result';
import type { HelperConnection } from '../../helper/helperConnection';
import { GroupedTree } from '../groupedTree';
import { formatBytes } from '../../format';
import { groupImages, type Group, type ImageRow } from '../grouping';

export type ImageNode = ImageRow;

export class ImagesTree extends GroupedTree<ImageNode> {
  constructor(helper: HelperConnection) {
    super(helper, ['image']);
  }

  protected async groups(): Promise<Result<Group<ImageNode>[]>> {
    const r = await this.helper.request('images.list', {});
    return r.ok ? ok(groupImages(r.value)) : r;
  }

  protected groupItem(group: Group<ImageNode>): vscode.TreeItem {
    const item = new vscode.TreeItem(group.label, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = group.key;
    item.iconPath = new vscode.ThemeIcon('repo');
    item.description = `${group.items.length}`;
    return item;
  }

  protected leafItem(image: ImageNode): vscode.TreeItem {
    const item = new vscode.TreeItem(image.tag, vscode.TreeItemCollapsibleState.None);
    item.id = `${image.id}:${image.tag}`;
    item.description = [formatBytes(image.size), image.dangling ? 'dangling' : ''].filter(Boolean).join(' · ');
    item.iconPath = new vscode.ThemeIcon(image.dangling ? 'circle-slash' : 'package');
    item.tooltip = `${image.repoTags.join('\n') || '<none>'}\n${image.id}\n${formatBytes(image.size)}`;
    item.contextValue = `image;${image.dangling ? 'dangling' : 'tagged'}`;
    return item;
  }
}
