import { Command } from 'commander';
import { helper } from '../helperConnection';
import { lineCount } from '../numberArguments';
import { failWith } from '../output';
import { withWorkspace, workspaceRef } from '../workspaceOptions';

export const logsCommand = withWorkspace(new Command('logs'))
  .description("Print the dev container's log; with -f, follow it across restarts")
  .option('-f, --follow', 'keep following the log, across container restarts')
  .option('-t, --timestamps', 'show timestamps')
  .option('--tail <n>', 'only the last n lines', lineCount)
  .action(async (opts) => {
    const client = await helper();
    const found = await client.request('findContainer', workspaceRef(opts));
    if (!found.ok) failWith(found.error);
    if (!found.value.containerId) failWith({ message: `no dev container for ${workspaceRef(opts).workspaceFolder}`, fix: `berth up --workspace-folder ${workspaceRef(opts).workspaceFolder}` });
    let subscriptionId = '';
    const ended = new Promise<void>((resolve) => client.onNotification('logs.end', (p) => p.subscriptionId === subscriptionId && resolve()));
    client.onNotification('logs.data', (p) => {
      if (p.subscriptionId !== subscriptionId) return;
      process.stdout.write(p.lines.map((l) => (opts.timestamps ? `${l.time} ${l.text}` : l.text)).join('\n') + '\n');
    });
    client.onNotification('logs.gap', (p) => p.subscriptionId === subscriptionId && process.stderr.write(`--- ${p.reason} ---\n`));
    const sub = await client.request('logs.subscribe', { containerId: found.value.containerId, follow: Boolean(opts.follow), tail: opts.tail });
    if (!sub.ok) failWith(sub.error);
    subscriptionId = sub.value.subscriptionId;
    process.on('SIGINT', () => (client.dispose(), process.exit(0)));
    await ended;
    client.dispose();
  });
