// While a window is attached to a dev container, a change to what the container was built
// from (config, Dockerfile, compose files, local features) offers Rebuild, once per change.
import { createHash } from 'node:crypto';
import { basename, dirname } from 'node:path';
import * as vscode from 'vscode';
import type { HelperConnection } from '../helper/helperConnection';
import type { Attachment } from '../state/attachment';
import { debounce } from '../tree/grouping';
import { configInputs } from './configInputs';

const SETTLE_MS = 500;

export class RebuildPrompt implements vscode.Disposable {
  private watchers: vscode.Disposable[] = [];
  /** Content hashes as of attaching (or the last prompt): a save without a change is no change. */
  private readonly seen = new Map<string, string>();
  private readonly changed = new Set<string>();
  private prompting = false;
  private generation = 0;

  constructor(private readonly helper: HelperConnection, private readonly log: vscode.LogOutputChannel) {}

  async watch(a: Attachment | undefined): Promise<void> {
    this.stop();
    const generation = ++this.generation;
    if (!a || a.kind !== 'devcontainer') return;
    const r = await this.helper.request('readConfiguration', { workspaceFolder: a.workspaceFolder, configFile: a.configFile });
    if (!r.ok || generation !== this.generation) return;
    const read = r.value as { configFile: string; configuration: unknown };
    const offer = debounce(() => void this.offer(), SETTLE_MS);
    const inputs = configInputs(read.configFile, read.configuration);
    for (const input of inputs) {
      const folder = input.endsWith('/**') ? input.slice(0, -3) : dirname(input);
      const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(folder, input.endsWith('/**') ? '**' : basename(input)));
      const onChange = async (uri: vscode.Uri) => {
        const hash = await contentHash(uri);
        if (generation !== this.generation || hash === this.seen.get(uri.fsPath)) return;
        this.seen.set(uri.fsPath, hash);
        // A prompt already on screen covers this change too.
        if (this.prompting) return;
        this.changed.add(vscode.workspace.asRelativePath(uri));
        offer();
      };
      if (!input.endsWith('/**')) this.seen.set(input, await contentHash(vscode.Uri.file(input)));
      this.watchers.push(watcher, watcher.onDidChange(onChange), watcher.onDidCreate(onChange), watcher.onDidDelete(onChange), { dispose: () => offer.cancel() });
    }
    this.log.info(`Watching ${inputs.join(', ')} for changes`);
  }

  private async offer(): Promise<void> {
    if (this.prompting || !this.changed.size) return;
    const files = [...this.changed].join(', ');
    this.changed.clear();
    this.prompting = true;
    const generation = this.generation;
    try {
      const choice = await vscode.window.showInformationMessage(`Berth: ${files} changed. Rebuild the container to apply it?`, 'Rebuild');
      if (choice === 'Rebuild' && generation === this.generation) await vscode.commands.executeCommand('berth.rebuildContainer');
    } finally {
      this.prompting = false;
    }
  }

  private stop(): void {
    for (const w of this.watchers) w.dispose();
    this.watchers = [];
    this.seen.clear();
    this.changed.clear();
  }

  dispose(): void {
    this.generation++;
    this.stop();
  }
}

async function contentHash(uri: vscode.Uri): Promise<string> {
  const bytes = await vscode.workspace.fs.readFile(uri).then((b) => b, () => undefined);
  return bytes ? createHash('sha256').update(bytes).digest('hex') : 'missing';
}
