// code-server route of Reopen in Container: a VS Code server in the container, opened in a
// new browser tab through code-server's port proxy (asExternalUri), so that the explorer,
// terminals, tasks and extensions of that tab run in the container.
import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import type { RemoteServerInfo } from '../../runtime-helper/rpc/protocol';
import { formatError } from '../../runtime-helper/util/result';
import type { BerthContext } from '../berthContext';
import { remoteWindowUrl } from './remoteWindowUrl';

/** A browser editor (code-server) cannot resolve a remote authority: it opens the container in a tab. */
export function opensRemoteTabs(api: typeof vscode = vscode): boolean {
  return api.env.uiKind === api.UIKind.Web;
}

export async function openRemoteWindow(ctx: BerthContext, target: { workspaceFolder: string; configFile?: string }): Promise<boolean> {
  const started = Date.now();
  const progressToken = randomUUID();
  const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Berth: Starting VS Code in the container' }, async (progress) => {
    const sub = ctx.helper.onNotification('progress', (p) => {
      if (p.token !== progressToken) return;
      if (p.event.durationMs !== undefined) ctx.log.info(`${p.event.message.replace(/ \(done\)$/, '')}: ${p.event.durationMs} ms`);
      else progress.report({ message: p.event.message });
    });
    try {
      // code-server gives its extension host the proxy's template: the container window's PORTS view goes through it too.
      return await ctx.helper.request('remoteServer.start', { ...target, serverRoot: vscode.env.appRoot, proxyUri: process.env.VSCODE_PROXY_URI, hostExtensions: hostExtensions(), progressToken });
    } catch (err) {
      return { ok: false as const, error: { message: (err as Error).message } };
    } finally {
      sub.dispose();
    }
  });
  if (!result.ok) {
    ctx.log.error(formatError(result.error));
    void vscode.window.showErrorMessage(`Berth: the container's VS Code window could not start: ${formatError(result.error).replace(/\s*\n\s*/g, ' ')} The window stays attached to the container.`, 'Show Log').then((c) => c && ctx.log.show());
    return false;
  }
  ctx.log.info(`VS Code server ${result.value.version} in ${result.value.containerId.slice(0, 12)}, forwarded on ${result.value.localAddress}, ready in ${Date.now() - started} ms`);
  const failed = result.value.extensionsFailed;
  if (failed.length) {
    for (const f of failed) ctx.log.warn(`Extension ${f.id} was not installed in the container: ${f.reason}`);
    void vscode.window.showWarningMessage(`Berth: not installed in the container: ${failed.map((f) => f.id).join(', ')}.`, 'Show Log').then((c) => c && ctx.log.show());
  }
  await openTab(result.value);
  void offerWayBack(ctx, result.value);
  return true;
}

/** The editor's own installed extensions, by id: copied into the container when the config lists them. */
function hostExtensions(): Record<string, string> {
  return Object.fromEntries(vscode.extensions.all.filter((e) => !e.packageJSON?.isBuiltin && !e.extensionPath.startsWith(vscode.env.appRoot)).map((e) => [e.id, e.extensionPath]));
}

async function openTab(server: RemoteServerInfo): Promise<void> {
  const local = vscode.Uri.parse(remoteWindowUrl(server.localPort, server.remoteWorkspaceFolder, server.token));
  // code-server's asExternalUri maps the address to its proxy but drops the query: it goes back on.
  const external = await vscode.env.asExternalUri(local.with({ query: '' }));
  await vscode.env.openExternal(external.with({ query: local.query }));
}

const GO_TO = 'Open Container Window';
const LOCALLY = 'Reopen Folder Locally';

/** The original tab stays: a way back to the container's tab, or out of the container. */
async function offerWayBack(ctx: BerthContext, server: RemoteServerInfo): Promise<void> {
  const choice = await vscode.window.showInformationMessage(`Berth: ${server.remoteWorkspaceFolder} is open in the container, in a new tab.`, GO_TO, LOCALLY);
  if (choice === GO_TO) {
    await openTab(server);
    void offerWayBack(ctx, server);
  }
  if (choice === LOCALLY) await vscode.commands.executeCommand('berth.reopenLocally');
}
