// Images by repository, with their size; untagged ones are marked dangling.
import * as vscode from 'vscode';
import type { ImageSummary } from '../../../runtime-helper/rpc/protocol';
import { ok, type Result } from '../../../runtime-helper/util/result';
import type { HelperConnection } from '../../helper/helperConnection';
import { EngineTree } from '../engineTree';
import { formatBytes, groupImages, type Group } from '../grouping';

export type ImageNode = ImageSummary & { tag: string };
type Node = Group<ImageNode> | ImageNode;

export class ImagesTree extends EngineTree<Node> {
  constructor(helper: HelperConnection) {
    super(helper, ['image']);
  }

  protected async roots(): Promise<Result<Node[]>> {
    const r = await this.helper.request('images.list', {});
    return r.ok ? ok(groupImages(r.value)) : r;
  }

  protected override children(element: Node): Node[] {
    return 'items' in element ? element.items : [];
  }

  getTreeItem(element: Node | vscode.TreeItem): vscode.TreeItem {
    if (element instanceof vscode.TreeItem) return element;
    if ('items' in element) {
      const item = new vscode.TreeItem(element.label, vscode.TreeItemCollapsibleState.Collapsed);
      item.id = element.key;
      item.iconPath = new vscode.ThemeIcon('repo');
      item.description = `${element.items.length}`;
      return item;
    }
    const item = new vscode.TreeItem(element.tag, vscode.TreeItemCollapsibleState.None);
    item.id = `${element.id}:${element.tag}`;
    item.description = [formatBytes(element.size), element.dangling ? 'dangling' : ''].filter(Boolean).join(' · ');
    item.iconPath = new vscode.ThemeIcon(element.dangling ? 'circle-slash' : 'package');
    item.tooltip = `${element.repoTags.join('\n') || '<none>'}\n${element.id}\n${formatBytes(element.size)}`;
    item.contextValue = `image;${element.dangling ? 'dangling' : 'tagged'}`;
    return item;
  }
}
