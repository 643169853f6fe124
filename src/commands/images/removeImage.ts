import * as vscode from 'vscode';
import type { BerthContext } from '../../berthContext';
import { reportFailure } from '../failure';
import type { ImageNode } from '../../tree/images/imagesTree';

export async function removeImage(ctx: BerthContext, image: ImageNode): Promise<void> {
  // The row's own reference: removing an image with several tags removes only this tag.
  const name = image.dangling ? image.tag : image.ref;
  const ok = await vscode.window.showWarningMessage(`Remove the image ${name}?`, { modal: true }, 'Remove');
  if (ok !== 'Remove') return;
  const r = await ctx.helper.request('images.remove', { id: image.ref });
  if (!r.ok) void reportFailure(ctx, r.error);
  ctx.trees.images.refresh();
}
