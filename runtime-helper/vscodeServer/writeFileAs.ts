// Writes a private file in the container as a given user, through the exec's stdin, so its
// content (a token, settings) shows in no command line, environment or log.
import type { Engine } from '../engine/engine';

export async function writeFileAs(engine: Engine, containerId: string, user: string, dir: string, name: string, content: string): Promise<void> {
  const exec = await engine.exec(containerId, { cmd: ['/bin/sh', '-c', 'umask 077 && mkdir -p "$1" && cat > "$1/$2"', 'berth-write', dir, name], user, stdin: true });
  const { stream } = exec;
  let output = '';
  stream.on('data', (b: Buffer) => (output += b.toString()));
  stream.end(content);
  await new Promise<void>((resolve) => (stream.once('end', resolve), stream.once('close', resolve)));
  const exitCode = await exec.exitCode();
  // The multiplexed stream's frame headers are binary: only the text is worth showing.
  if (exitCode !== 0) throw new Error(`cannot write ${dir}/${name} in the container as ${user}: ${output.replace(/[\x00-\x08]/g, '').trim()}`);
}
