import * as vscode from 'vscode';
import { workspaceFolderPath, type BerthContext } from '../../berthContext';
import { bringUp } from './bringUp';

export async function rebuildContainerNoCache(ctx: BerthContext): Promise<void> {
  const folder = workspaceFolderPath(vscode);
  if (folder) await bringUp(ctx, { workspaceFolder: folder, removeExistingContainer: true, buildNoCache: true });
}
