import { Command } from 'commander';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { supervise } from '../../daemon/supervisor';
import { PROTOCOL_VERSION } from '../../rpc/protocol';
import { supervisorPidFile } from '../../rpc/client';
import { helperSocket } from '../../rpc/socketPath';
import { loadEngine } from '../engineBundle';
import { helper } from '../helperConnection';
import { succeed } from '../output';

export const helperCommand = new Command('helper').description('The runtime helper daemon (started on demand by the CLI and the extension)');

helperCommand
  .command('serve')
  .description('Serve the per-user helper on its private socket, restarting it if it dies abnormally')
  .option('--no-supervisor', 'serve in this process, with nothing to restart it')
  .action(async (opts: { supervisor: boolean }) => {
    const pidFile = supervisorPidFile();
    if (!opts.supervisor) {
      // Started by a supervisor: once this helper serves, name the supervisor, so that clients
      // wait for its restarts instead of starting a helper of their own.
      const supervised = process.env.BERTH_SUPERVISOR_PID === String(process.ppid);
      delete process.env.BERTH_SUPERVISOR_PID; // not for the sessions' environment
      return loadEngine().serve({ onServing: supervised ? () => writeFileSync(pidFile, String(process.ppid), { mode: 0o600 }) : undefined });
    }
    // Loaded here: every other command would pay for child_process (see rpc/client.ts).
    const { spawn } = require('node:child_process') as typeof import('node:child_process');
    const env = { ...process.env, BERTH_SUPERVISOR_PID: String(process.pid) };
    process.exitCode = await supervise({
      start: () => spawn(process.execPath, [...process.execArgv, process.argv[1], 'helper', 'serve', '--no-supervisor'], { stdio: 'inherit', env }),
      log: (message) => process.stderr.write(`${new Date().toISOString()} ${message}\n`),
    });
    try {
      if (readFileSync(pidFile, 'utf8') === String(process.pid)) rmSync(pidFile);
    } catch {
      /* never written: this supervisor's helper found another one serving */
    }
  });

helperCommand
  .command('status')
  .description("Print the running helper's version, protocol and pid (starting it if needed)")
  .action(async () => {
    const client = await helper();
    const hello = await client.request('hello', { clientName: 'berth-cli', protocolVersion: PROTOCOL_VERSION });
    const ports = await client.request('ports.list', {});
    client.dispose();
    succeed({ ...hello, forwards: ports.length, socket: helperSocket() });
  });
