import * as vscode from 'vscode';
import type { ContainerSummary } from '../../../runtime-helper/rpc/protocol';
import type { BerthContext } from '../../berthContext';
import { containerAction } from './containerAction';

export async function removeContainer(ctx: BerthContext, container: ContainerSummary): Promise<void> {
  const ok = await vscode.window.showWarningMessage(`Remove the container ${container.name}? Its anonymous volumes go with it; named volumes are kept.`, { modal: true }, 'Remove');
  if (ok === 'Remove') await containerAction(ctx, container, 'remove');
}
