import * as vscode from 'vscode';
import type { BerthContext } from '../../berthContext';
import type { ImageNode } from '../../tree/images/imagesTree';

export async function removeImage(ctx: BerthContext, image: ImageNode): Promise<void> {
  const name = image.dangling ? image.id.slice(7, 19) : `${image.repoTags[0]}`;
  const ok = await vscode.window.showWarningMessage(`Remove the image ${name}?`, { modal: true }, 'Remove');
  if (ok !== 'Remove') return;
  const r = await ctx.helper.request('images.remove', { id: image.dangling ? image.id : name });
  if (!r.ok) void vscode.window.showErrorMessage(`Berth: ${r.error.message}`);
  ctx.trees.images.refresh();
}
