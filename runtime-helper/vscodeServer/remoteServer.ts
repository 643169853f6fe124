// Brings a VS Code server up in a running dev container: checks that the host's build can
// run there, copies it in when the container lacks this commit, and starts it (or finds it running).
import type { ContainerSummary, Engine } from '../engine/engine';
import { execIn } from '../engine/execIn';
import { timed, type ProgressSink } from '../util/progress';
import { unwrap } from '../util/result';
import { join } from 'node:path';
import { installServer } from './install';
import { checkCanRun, hostPlatform, parseProbe, PROBE_SCRIPT } from './platform';
import { ensureRehBuild, rehPlatform, type ClientProduct } from './rehBuild';
import type { ServerBits } from './serverBits';
import { installExtensions, type ExtensionFailure, type ExtensionsOutcome } from './extensions';
import { dataDirFor, runningServer, startServer, stopServer, writeMachineSettings, type RunningServer, type ServerPlace } from './serverProcess';
import type { VscodeCustomizations } from './vscodeCustomizations';
import { claimServerVolume, hasServerVolume } from './serverVolume';

/**
 * Where the server comes from: the build on the host that code-server carries (run with the
 * host's Node), or, for a desktop client, the REH build of its commit (with its own Node).
 */
export type ServerSource = { kind: 'host'; bits: ServerBits; proxyUri?: string } | { kind: 'client'; product: ClientProduct; cacheDir: string; tarball?: string };

export interface StartedServer extends RunningServer {
  place: ServerPlace;
  bits: ServerBits;
  extensions: ExtensionsOutcome;
}

/** `container`: its mounts tell whether its data goes in the server's volume (serverVolume.ts) or the user's home. */
export async function bringUpServer(engine: Engine, container: Pick<ContainerSummary, 'Id' | 'Mounts'>, user: string, source: ServerSource, customizations: VscodeCustomizations, hostExtensions: Record<string, string>, knownFailures: ExtensionFailure[], progress: ProgressSink): Promise<StartedServer> {
  const containerId = container.Id;
  const facts = await timed(progress, 'server', 'Checking the container for the VS Code server', async () => {
    const probe = await execIn(engine, containerId, { argv: ['/bin/sh', '-c', PROBE_SCRIPT], user });
    if (probe.exitCode !== 0) throw new Error(`cannot probe the container as ${user}: ${probe.output.trim()}`);
    const parsed = unwrap(parseProbe(probe.output));
    if (source.kind === 'host') unwrap(checkCanRun(hostPlatform(), parsed));
    return parsed;
  });
  const { bits, node } = source.kind === 'host'
    ? { bits: source.bits, node: process.execPath }
    : await timed(progress, 'server', `Getting the VS Code server of the editor's commit ${source.product.commit.slice(0, 10)}`, async () => {
        const reh = unwrap(await ensureRehBuild({ product: source.product, platform: unwrap(rehPlatform(facts)), cacheDir: source.cacheDir, tarball: source.tarball }));
        // Server builds carry the Node they were made for.
        return { bits: reh, node: join(reh.root, 'node') };
      });
  const installed = await timed(progress, 'server', `Installing VS Code server ${bits.version} (${bits.commit.slice(0, 10)})`, () => installServer(engine, containerId, bits, node));
  if (!installed.copied) progress({ phase: 'server', message: `VS Code server ${bits.version} was installed already` });
  const dataDir = hasServerVolume(container) ? await claimServerVolume(engine, containerId, facts) : dataDirFor(facts.home);
  // code-server's proxy: the container window's PORTS view then gives addresses through it, which reach Berth's forwards.
  const env = source.kind === 'host' && source.proxyUri ? { VSCODE_PROXY_URI: source.proxyUri } : undefined;
  const place: ServerPlace = { containerId, user, dataDir, installDir: installed.dir, node: installed.node, env };
  // Before the start, so the first window already has them; a running server picks them up too.
  await writeMachineSettings(engine, place, customizations.settings);
  const extensions = customizations.extensions.length
    ? await timed(progress, 'server', `Installing ${count(customizations.extensions.length, 'extension')} in the container`, () => installExtensions(engine, place, facts, customizations.extensions, hostExtensions, knownFailures))
    : { copied: [], installed: [], failed: [] };
  for (const f of extensions.failed) progress({ phase: 'server', message: `warning: extension ${f.id} was not installed in the container: ${f.reason}` });
  let running = await runningServer(engine, place);
  // Copied extensions are indexed when the server starts: a running one starts again, on its port.
  if (running && extensions.copied.length) {
    await stopServer(engine, place);
    running = { ...(await timed(progress, 'server', 'Restarting the VS Code server for the new extensions', () => startServer(engine, place, running!.port))) };
  }
  if (running) return { ...running, place, bits, extensions };
  // A server of another build may hold the data folder: it gives way.
  await stopServer(engine, place);
  return { ...(await timed(progress, 'server', 'Starting the VS Code server', () => startServer(engine, place))), place, bits, extensions };
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
