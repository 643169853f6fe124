// `exec`: a command in the dev container as remoteUser, in the workspace folder, with
// remoteEnv, attached to this process's stdio; the exit status passes through.
import { loadConfig } from '../config/load';
import { fail, ok, toBerthError, type Result } from '../util/result';
import { engine as defaultEngine } from './docker';
import type { Engine } from './engine';
import { engineUnreachable } from './engineError';
import { findDevContainer } from './findContainer';
import { remoteContext } from './remoteContext';

export interface ExecOptions {
  workspaceFolder: string;
  configFile?: string;
  argv: string[];
  stdin: NodeJS.ReadStream;
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
}

export async function execCommand(options: ExecOptions, engine: Engine = defaultEngine()): Promise<Result<number>> {
  const loaded = loadConfig(options);
  if (!loaded.ok) return loaded;
  try {
    const found = await findDevContainer(engine, loaded.value.workspaceFolder, loaded.value.configFile);
    if (!found || found.State !== 'running') {
      return fail({ message: `the dev container of ${loaded.value.workspaceFolder} is not running`, fix: `berth up --workspace-folder ${loaded.value.workspaceFolder}` });
    }
    const remote = await remoteContext(engine, found.Id, loaded.value);
    const tty = Boolean(options.stdin.isTTY && options.stdout.isTTY);
    const exec = await engine.exec(found.Id, { cmd: options.argv, user: remote.user, workdir: remote.workdir, env: remote.env, stdin: true, tty });
    const { stream } = exec;
    if (tty) {
      options.stdin.setRawMode?.(true);
      stream.pipe(options.stdout);
      const resize = () => exec.resize({ rows: options.stdout.rows, columns: options.stdout.columns }).catch(() => undefined);
      options.stdout.on('resize', resize);
      resize();
    } else {
      engine.demux(stream, options.stdout, options.stderr);
    }
    options.stdin.pipe(stream);
    options.stdin.on('end', () => stream.end());
    await new Promise<void>((resolve) => {
      stream.on('end', resolve);
      stream.on('close', resolve);
    });
    options.stdin.unpipe(stream);
    if (tty) options.stdin.setRawMode?.(false);
    options.stdin.pause();
    return ok((await exec.exitCode()) ?? 0);
  } catch (err) {
    return fail(engineUnreachable(err, engine.where) ?? toBerthError(err));
  }
}
