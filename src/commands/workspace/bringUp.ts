// Reopen and Rebuild share this: `up` through the helper with a progress notification
// that walks the phases, every phase and its cost in the Berth log, then attach.
import { randomUUID } from 'node:crypto';
import { basename } from 'node:path';
import * as vscode from 'vscode';
import type { ProgressEvent } from '../../../runtime-helper/util/progress';
import { formatError } from '../../../runtime-helper/util/result';
import type { BerthContext } from '../../berthContext';

export interface BringUpOptions {
  workspaceFolder: string;
  removeExistingContainer?: boolean;
  buildNoCache?: boolean;
}

export async function bringUp(ctx: BerthContext, options: BringUpOptions): Promise<boolean> {
  const progressToken = randomUUID();
  const title = options.removeExistingContainer ? 'Rebuilding the dev container' : 'Starting the dev container';
  ctx.log.info(`${title} for ${options.workspaceFolder}`);
  const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Berth: ${title}`, cancellable: false }, async (progress) => {
    let lastPercent = 0;
    const sub = ctx.helper.on('progress', (p) => {
      if (p.token !== progressToken) return;
      logEvent(ctx.log, p.event);
      if (p.event.output !== undefined) return;
      const percent = p.event.percent;
      const increment = percent !== undefined && percent > lastPercent ? percent - lastPercent : undefined;
      if (percent !== undefined) lastPercent = percent;
      progress.report({ message: `${p.event.phase}: ${p.event.message}`, increment });
    });
    try {
      return await ctx.helper.request('up', { ...options, progressToken });
    } finally {
      sub.dispose();
    }
  });
  if (!result.ok) {
    const message = formatError(result.error);
    ctx.log.error(message);
    void vscode.window.showErrorMessage(`Berth: ${result.error.message.split('\n')[0]}`, { detail: message, modal: false }, 'Show Log', 'Open Configuration').then((choice) => {
      if (choice === 'Show Log') ctx.log.show();
      if (choice === 'Open Configuration') void vscode.commands.executeCommand('berth.openConfiguration');
    });
    return false;
  }
  const config = result.value.configuration as { name?: string; shutdownAction?: 'none' | 'stopContainer' | 'stopCompose' } | undefined;
  await ctx.attach({
    workspaceFolder: options.workspaceFolder,
    containerId: result.value.containerId,
    name: config?.name ?? basename(options.workspaceFolder),
    remoteUser: result.value.remoteUser,
    remoteWorkspaceFolder: result.value.remoteWorkspaceFolder,
    shutdownAction: config?.shutdownAction,
  });
  ctx.log.info(`Attached to ${result.value.containerId.slice(0, 12)} as ${result.value.remoteUser} in ${result.value.remoteWorkspaceFolder}`);
  return true;
}

function logEvent(log: vscode.LogOutputChannel, e: ProgressEvent): void {
  if (e.output !== undefined) {
    for (const line of e.output.replace(/\n$/, '').split('\n')) log.info(`  ${e.hook ?? e.phase} | ${line}`);
  } else if (e.durationMs !== undefined) {
    log.info(`[${e.phase}] ${e.message} took ${e.durationMs} ms`);
  } else {
    log.info(`[${e.phase}] ${e.message}`);
  }
}
