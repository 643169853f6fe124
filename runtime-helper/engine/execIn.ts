// Runs one argv in a container through the engine's exec API (never a host shell)
// and reports its output as it arrives and its exit code.
import type Docker from 'dockerode';
import { PassThrough } from 'node:stream';

export interface ExecSpec {
  argv: string[];
  user?: string;
  workdir?: string;
  env?: Record<string, string>;
  /** Called with each chunk of stdout and stderr, decoded. */
  onOutput?: (text: string, stream: 'stdout' | 'stderr') => void;
}

export interface ExecOutcome {
  exitCode: number;
  /** The last 64 KiB of combined output, for error messages. */
  output: string;
}

const KEEP = 64 * 1024;

export async function execIn(docker: Docker, containerId: string, spec: ExecSpec): Promise<ExecOutcome> {
  const exec = await docker.getContainer(containerId).exec({
    Cmd: spec.argv,
    User: spec.user || undefined,
    WorkingDir: spec.workdir,
    Env: spec.env ? Object.entries(spec.env).map(([k, v]) => `${k}=${v}`) : undefined,
    AttachStdout: true,
    AttachStderr: true,
  });
  const stream = await exec.start({ hijack: true, stdin: false });
  let output = '';
  const sink = (name: 'stdout' | 'stderr') => {
    const pass = new PassThrough();
    pass.setEncoding('utf8');
    pass.on('data', (text: string) => {
      output = (output + text).slice(-KEEP);
      spec.onOutput?.(text, name);
    });
    return pass;
  };
  docker.modem.demuxStream(stream, sink('stdout'), sink('stderr'));
  await new Promise<void>((resolve, reject) => {
    stream.on('end', resolve);
    stream.on('close', resolve);
    stream.on('error', reject);
  });
  const info = await exec.inspect();
  return { exitCode: info.ExitCode ?? 0, output };
}
