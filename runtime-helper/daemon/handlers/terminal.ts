// Interactive shells in a dev container for the editor's terminals: a TTY exec as
// remoteUser in the workspace folder with remoteEnv, streamed over the helper's RPC.
import { randomUUID } from 'node:crypto';
import type { Duplex } from 'node:stream';
import type { MessageConnection } from 'vscode-jsonrpc/node';
import { handle } from './handle';
import { loadConfig } from '../../config/load';
import { findDevContainer } from '../../engine/findContainer';
import { remoteContext } from '../../engine/remoteContext';
import { fail, ok } from '../../util/result';
import type { Session } from '../helper';

interface Terminal {
  stream: Duplex;
  resize(cols: number, rows: number): void;
}

export function registerTerminalHandlers(conn: MessageConnection, session: Session): void {
  const terminals = new Map<string, Terminal>();
  conn.onClose(() => {
    for (const t of terminals.values()) t.stream.destroy();
  });

  handle(conn, 'terminal.open', async (p) => {
    const engine = session.engine;
    const loaded = loadConfig({ ...p, env: session.env });
    // A container attached by hand may have no config: then the image's user and folder.
    if (!loaded.ok && !p.containerId) return loaded;
    try {
      const containerId = p.containerId ?? (loaded.ok ? (await findDevContainer(engine, loaded.value.workspaceFolder, loaded.value.configFile))?.Id : undefined);
      if (!containerId) return fail({ message: `no dev container for ${p.workspaceFolder}`, fix: 'Run Berth: Reopen in Container.' });
      const remote = loaded.ok ? await remoteContext(engine, containerId, loaded.value) : { user: '', env: {}, workdir: undefined };
      const exec = await engine.exec(containerId, {
        cmd: p.command ?? ['/bin/sh', '-c', 'exec "$(getent passwd "$(id -un)" | cut -d: -f7 | grep . || echo /bin/sh)" -l'],
        user: remote.user,
        workdir: remote.workdir,
        env: { TERM: 'xterm-256color', ...remote.env },
        stdin: true,
        tty: true,
      });
      const { stream } = exec;
      // A stopping container kills its execs (137); by the time the stream ends it may still
      // read as running, so either sign counts.
      const stoppedUnder = async (code: number) =>
        code === 137 || !(await engine.inspectContainer(containerId).then((c) => c.State.Running, () => false));
      const terminalId = randomUUID();
      const resize = (cols: number, rows: number) => void exec.resize({ columns: cols, rows }).catch(() => undefined);
      terminals.set(terminalId, { stream, resize });
      // The size is set before the client may type: a shell that learns it later redraws its
      // prompt line (SIGWINCH), and a redraw racing the first keystrokes garbles that line.
      await exec.resize({ columns: p.cols, rows: p.rows }).catch(() => undefined);
      stream.setEncoding('utf8');
      stream.on('data', (data: string) => session.notify('terminal.data', { terminalId, data }));
      stream.on('end', async () => {
        terminals.delete(terminalId);
        const code = (await exec.exitCode().catch(() => undefined)) ?? 0;
        session.notify('terminal.exit', { terminalId, code, containerStopped: await stoppedUnder(code) });
      });
      return ok({ terminalId });
    } catch (err) {
      return fail({ message: `cannot open a shell: ${(err as Error).message}` });
    }
  });

  handle(conn, 'terminal.input', (p) => void terminals.get(p.terminalId)?.stream.write(p.data));
  handle(conn, 'terminal.resize', (p) => terminals.get(p.terminalId)?.resize(p.cols, p.rows));
  handle(conn, 'terminal.close', (p) => {
    terminals.get(p.terminalId)?.stream.end();
    terminals.delete(p.terminalId);
  });
}
