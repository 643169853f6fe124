// Reopen and Rebuild share this: `up` through the helper with a progress notification
// that walks the phases, every phase and its cost in the Berth log, then attach.
import { randomUUID } from 'node:crypto';
import { basename } from 'node:path';
import * as vscode from 'vscode';
import type { UpResult } from '../../../runtime-helper/rpc/protocol';
import type { ShutdownAction } from '../../../runtime-helper/rpc/spec';
import type { BerthError } from '../../../runtime-helper/util/result';
import type { BerthContext } from '../../berthContext';
import { attachmentShell, containerTerminalOptions } from '../../terminal/containerPty';
import { findConfigFiles } from '../../../runtime-helper/rpc/configLocations';
import { OPEN_CONFIGURATION, reportFailure, SHOW_LOG } from '../failure';
import { UpProgress } from './upProgress';
import { desktopResolverRegistered } from '../../remote/desktopResolver';
import { opensRemoteTabs } from '../../remote/openRemoteWindow';

export interface BringUpOptions {
  workspaceFolder: string;
  /** Asked for when the folder has several configurations and this is not given. */
  configFile?: string;
  removeExistingContainer?: boolean;
  buildNoCache?: boolean;
}

export async function bringUp(ctx: BerthContext, options: BringUpOptions): Promise<boolean> {
  const configFile = options.configFile ?? (await chooseConfig(options.workspaceFolder));
  if (configFile === null) return false;
  const progressToken = randomUUID();
  const title = options.buildNoCache ? 'Rebuilding the dev container without cache' : options.removeExistingContainer ? 'Rebuilding the dev container' : 'Starting the dev container';
  const phases = new UpProgress();
  ctx.log.info(`${title} for ${options.workspaceFolder}${configFile ? ` (${configFile})` : ''}`);
  const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Berth: ${title}` }, async (progress) => {
    const sub = ctx.helper.onNotification('progress', (p) => {
      if (p.token !== progressToken) return;
      for (const line of phases.record(p.event)) ctx.log.info(line);
      const message = phases.headline(p.event);
      if (message) progress.report({ message });
    });
    try {
      // Where this editor will start the VS Code server in the container, its data gets a volume that outlives a rebuild.
      const remoteServerVolume = opensRemoteTabs() || desktopResolverRegistered();
      return await ctx.helper.request('up', { ...options, configFile, progressToken, remoteServerVolume });
    } finally {
      sub.dispose();
    }
  });
  ctx.log.info(`Phases: ${phases.summary()}`);
  if (!result.ok) {
    void reportUpFailure(ctx, result.error, phases, { ...options, configFile });
    return false;
  }
  await attachTo(ctx, options.workspaceFolder, configFile, result.value);
  // A shell in the container, shown without taking focus from what the user is doing.
  const attached = ctx.attachment();
  if (attached) vscode.window.createTerminal(containerTerminalOptions(ctx.helper, attachmentShell(attached, ctx.attachment))).show(true);
  return true;
}

/** The config to bring up: undefined lets the helper discover the only one; null means none or cancelled. */
async function chooseConfig(folder: string): Promise<string | undefined | null> {
  const configs = findConfigFiles(folder);
  if (configs.length === 1) return undefined;
  if (!configs.length) {
    const add = await vscode.window.showErrorMessage(`Berth: ${folder} has no .devcontainer/devcontainer.json or .devcontainer.json.`, 'Add Configuration…');
    if (add) await vscode.commands.executeCommand('berth.addConfiguration');
    return null;
  }
  const pick = await vscode.window.showQuickPick(configs.map((file) => ({ label: vscode.workspace.asRelativePath(file), file })), { placeHolder: 'Which dev container configuration?' });
  return pick ? pick.file : null;
}

async function attachTo(ctx: BerthContext, workspaceFolder: string, configFile: string | undefined, up: UpResult): Promise<void> {
  const config = up.configuration as { name?: string; shutdownAction?: ShutdownAction } | undefined;
  await ctx.attach({
    kind: 'devcontainer',
    workspaceFolder,
    configFile,
    containerId: up.containerId,
    name: config?.name ?? basename(workspaceFolder),
    remoteUser: up.remoteUser,
    shutdownAction: config?.shutdownAction,
  });
  ctx.log.info(`Attached to ${up.containerId.slice(0, 12)} as ${up.remoteUser || 'the image user'} in ${up.remoteWorkspaceFolder}`);
}

const RETRY = 'Retry';
const OPEN_TERMINAL = 'Open Terminal in Container';

/** One notification: what failed (a hook: its name, exit code and last output), Retry, the way to
 * the full log, and a shell in the container a failed hook left (else the configuration). */
async function reportUpFailure(ctx: BerthContext, error: BerthError, phases: UpProgress, asked: BringUpOptions): Promise<void> {
  const target = { workspaceFolder: asked.workspaceFolder, configFile: asked.configFile };
  const hook = phases.lastHookOutput();
  const failedHook = hook && error.message.startsWith(hook.hook) ? hook : undefined;
  if (failedHook?.output.length) ctx.log.error(`${failedHook.hook} output (last lines):\n${failedHook.output.join('\n')}`);
  // A hook that failed in the container left it running, to be looked at and fixed from inside.
  const kept = failedHook ? await ctx.helper.request('findContainer', target) : undefined;
  const containerId = kept?.ok && kept.value.state === 'running' ? kept.value.containerId : undefined;
  const choice = await reportFailure(ctx, error, [RETRY, SHOW_LOG, containerId ? OPEN_TERMINAL : OPEN_CONFIGURATION]);
  // Retry goes on in the container a hook failed in, from that hook, as `berth up` does;
  // anything else (a rebuild that failed to build) is asked for again as it was.
  if (choice === RETRY) await bringUp(ctx, containerId ? target : asked);
  if (choice === OPEN_TERMINAL && containerId) {
    const name = `${basename(target.workspaceFolder)} (${failedHook!.hook} failed)`;
    vscode.window.createTerminal(containerTerminalOptions(ctx.helper, { ...target, containerId, name })).show();
  }
}
