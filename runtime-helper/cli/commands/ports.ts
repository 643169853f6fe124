import { Command } from 'commander';
import { resolve } from 'node:path';
import type { PortForward } from '../../rpc/protocol';
import { helper } from '../helperConnection';
import { portNumber } from '../numberArguments';
import { failWith, succeed } from '../output';
import { withWorkspace, workspaceRef } from '../workspaceOptions';

function table(ports: PortForward[]): string {
  const rows = ports.map((p) => [String(p.containerPort), p.localAddress ?? '-', p.label ?? '', p.origin, p.process ?? '', p.error ?? '']);
  const head = ['PORT', 'LOCAL ADDRESS', 'LABEL', 'ORIGIN', 'PROCESS', 'ERROR'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  return [head, ...rows].map((r) => r.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd()).join('\n');
}

export const portsCommand = withWorkspace(new Command('ports'))
  .description('List the forwarded ports of the dev container')
  .option('--json', 'print the forwards as JSON')
  .enablePositionalOptions() // so `ports add … --workspace-folder` belongs to `add`
  .action(async (opts) => {
    const client = await helper();
    const ports = await client.request('ports.list', { workspaceFolder: workspaceRef(opts).workspaceFolder });
    client.dispose();
    process.stdout.write(opts.json ? `${JSON.stringify(ports)}\n` : `${table(ports)}\n`);
  });

portsCommand
  .command('add')
  .description('Forward a port of the container to 127.0.0.1')
  .argument('<port>', 'the port inside the container', portNumber)
  .option('--local-port <port>', 'the local port to use (it must be free)', portNumber)
  .option('--label <label>', 'a name for the forward')
  .option('--workspace-folder <dir>', 'the folder holding the dev container config', process.cwd())
  .action(async (port: number, opts) => {
    const client = await helper();
    const r = await client.request('ports.add', { workspaceFolder: resolve(opts.workspaceFolder), containerPort: port, localPort: opts.localPort, label: opts.label });
    client.dispose();
    if (!r.ok) failWith(r.error);
    succeed({ forward: r.value });
  });

portsCommand
  .command('remove')
  .description('Stop forwarding a port')
  .argument('<port>', 'the port inside the container', portNumber)
  .option('--workspace-folder <dir>', 'the folder holding the dev container config', process.cwd())
  .action(async (port: number, opts) => {
    const client = await helper();
    const r = await client.request('ports.remove', { workspaceFolder: resolve(opts.workspaceFolder), containerPort: port });
    client.dispose();
    if (!r.ok) failWith(r.error);
    succeed({});
  });
