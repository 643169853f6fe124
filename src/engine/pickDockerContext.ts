// Berth: Switch Docker Context…: lists the caller's docker contexts (read by the helper from
// the docker config) and makes the chosen one this window's engine. The choice travels to the
// helper as the window's DOCKER_CONTEXT, as if the editor had been started with it.
import * as vscode from 'vscode';
import { unwrap } from '../../runtime-helper/util/result';
import type { BerthContext } from '../berthContext';

/** Where the chosen context is kept across sessions; `default` means the local engine. */
export const DOCKER_CONTEXT_KEY = 'berth.dockerContext';

/** The client environment for a chosen context (undefined: the editor's own environment decides). */
export function contextEnv(name: string | undefined): Record<string, string> {
  return name ? { DOCKER_CONTEXT: name } : {};
}

export async function pickDockerContext(ctx: BerthContext): Promise<void> {
  const contexts = unwrap(await ctx.helper.request('engine.contexts', {}));
  const pick = await vscode.window.showQuickPick(
    contexts.map((c) => ({ label: c.name, description: c.host, detail: c.current ? 'current' : undefined, name: c.name })),
    { placeHolder: 'Which Docker context should Berth use in this window?' },
  );
  if (!pick) return;
  await ctx.extension.globalState.update(DOCKER_CONTEXT_KEY, pick.name);
  ctx.log.info(`Switching to the Docker context ${pick.name}`);
  ctx.helper.useEnv(contextEnv(pick.name));
}
