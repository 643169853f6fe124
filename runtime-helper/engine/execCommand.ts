// `exec`: a command in the dev container as remoteUser, in the workspace folder, with
// remoteEnv, attached to this process's stdio; the exit status passes through.
import { loadConfig } from '../config/load';
import { fail, ok, toBerthError, type Result } from '../util/result';
import { engine, type EngineEndpoint } from './docker';
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

export async function execCommand(options: ExecOptions, endpoint: EngineEndpoint = engine()): Promise<Result<number>> {
  const docker = endpoint.docker;
  const loaded = loadConfig(options);
  if (!loaded.ok) return loaded;
  try {
    const found = await findDevContainer(docker, loaded.value.workspaceFolder, loaded.value.configFile);
    if (!found || found.State !== 'running') {
      return fail({ message: `the dev container of ${loaded.value.workspaceFolder} is not running`, fix: `berth up --workspace-folder ${loaded.value.workspaceFolder}` });
    }
    const remote = await remoteContext(docker, found.Id, loaded.value);
    const tty = Boolean(options.stdin.isTTY && options.stdout.isTTY);
    const exec = await docker.getContainer(found.Id).exec({
      Cmd: options.argv,
      User: remote.user,
      WorkingDir: remote.workdir,
      Env: Object.entries(remote.env).map(([k, v]) => `${k}=${v}`),
      AttachStdin: true,
      AttachStdout: true,
      AttachStderr: true,
      Tty: tty,
    });
    const stream = await exec.start({ hijack: true, stdin: true, Tty: tty });
    if (tty) {
      options.stdin.setRawMode?.(true);
      stream.pipe(options.stdout);
      const resize = () => exec.resize({ h: options.stdout.rows, w: options.stdout.columns }).catch(() => undefined);
      options.stdout.on('resize', resize);
      resize();
    } else {
      docker.modem.demuxStream(stream, options.stdout, options.stderr);
    }
    options.stdin.pipe(stream);
    options.stdin.on('end', () => (stream as unknown as { end(): void }).end());
    await new Promise<void>((resolve) => {
      stream.on('end', resolve);
      stream.on('close', resolve);
    });
    options.stdin.unpipe(stream);
    if (tty) options.stdin.setRawMode?.(false);
    options.stdin.pause();
    const info = await exec.inspect();
    return ok(info.ExitCode ?? 0);
  } catch (err) {
    return fail(engineUnreachable(err, endpoint.description) ?? toBerthError(err));
  }
}
