// Brings a VS Code server up in a running dev container: checks that the host's build can
// run there, copies it in when the container lacks this commit, and starts it (or finds it running).
import type Docker from 'dockerode';
import { execIn } from '../engine/execIn';
import { timed, type ProgressSink } from '../util/progress';
import { unwrap } from '../util/result';
import { installServer } from './install';
import { checkCanRun, hostPlatform, parseProbe, PROBE_SCRIPT } from './platform';
import type { ServerBits } from './serverBits';
import { dataDirFor, runningServer, startServer, type RunningServer, type ServerPlace } from './serverProcess';

export interface StartedServer extends RunningServer {
  place: ServerPlace;
}

export async function bringUpServer(docker: Docker, containerId: string, user: string, bits: ServerBits, progress: ProgressSink): Promise<StartedServer> {
  const facts = await timed(progress, 'server', 'Checking the container for the VS Code server', async () => {
    const probe = await execIn(docker, containerId, { argv: ['/bin/sh', '-c', PROBE_SCRIPT], user });
    if (probe.exitCode !== 0) throw new Error(`cannot probe the container as ${user}: ${probe.output.trim()}`);
    const parsed = unwrap(parseProbe(probe.output));
    unwrap(checkCanRun(hostPlatform(), parsed));
    return parsed;
  });
  const installed = await timed(progress, 'server', `Installing VS Code server ${bits.version} (${bits.commit.slice(0, 10)})`, () => installServer(docker, containerId, bits));
  if (!installed.copied) progress({ phase: 'server', message: `VS Code server ${bits.version} was installed already` });
  const place: ServerPlace = { containerId, user, dataDir: dataDirFor(facts.home), installDir: installed.dir, node: installed.node };
  const running = await runningServer(docker, place);
  if (running) return { ...running, place };
  return { ...(await timed(progress, 'server', 'Starting the VS Code server', () => startServer(docker, place))), place };
}
