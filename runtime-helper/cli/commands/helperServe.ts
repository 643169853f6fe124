import { Command } from 'commander';
import { PROTOCOL_VERSION } from '../../rpc/protocol';
import { helperSocket } from '../../rpc/socketPath';
import { loadEngine } from '../engineBundle';
import { helper } from '../helperConnection';
import { succeed } from '../output';

export const helperCommand = new Command('helper').description('The runtime helper daemon (started on demand by the CLI and the extension)');

helperCommand
  .command('serve')
  .description('Serve the per-user helper on its private socket')
  .action(async () => {
    await loadEngine().serve();
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
