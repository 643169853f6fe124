// The extension's editor-free logic: config discovery, templates, up progress, quick actions.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { quickActions } from '../../src/attach/quickActions';
import { UpProgress } from '../../src/commands/workspace/upProgress';
import { operationLogText } from '../../src/logs/operationLogText';
import { listTemplates, planTemplateCopy } from '../../src/templates/templateCatalog';
import { findConfigFiles } from '../../runtime-helper/rpc/configLocations';

const TEMPLATES = join(__dirname, '..', '..', 'templates');
const scratch = mkdtempSync(join(tmpdir(), 'berth-ext-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(join(scratch, 'ws-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

describe('config discovery', () => {
  test('a folder without a config, or one that does not exist, has none', () => {
    assert.deepEqual(findConfigFiles(folder({ 'README.md': '' })), []);
    assert.deepEqual(findConfigFiles(join(scratch, 'missing')), []);
  });
});

describe('templates', () => {
  test('the shipped templates are listed by their config name with their files', () => {
    const templates = listTemplates(TEMPLATES);
    assert.deepEqual(templates.map((t) => [t.label, t.files]), [
      ['Debian base image', ['devcontainer.json']],
      ['Node.js (Dockerfile)', ['Dockerfile', 'devcontainer.json']],
      ['Static web server', ['devcontainer.json']],
    ]);
    assert.match(templates[0].detail, /^image /);
    assert.equal(templates[1].detail, 'built from Dockerfile');
  });

  test('adding a template copies into .devcontainer and reports clashes instead of overwriting', () => {
    const node = listTemplates(TEMPLATES).find((t) => t.id === 'node')!;
    const empty = folder({ 'README.md': '' });
    const plan = planTemplateCopy(TEMPLATES, node, empty);
    assert.deepEqual(plan.clashes, []);
    assert.deepEqual(plan.copies.map((c) => c.to), [join(empty, '.devcontainer', 'Dockerfile'), join(empty, '.devcontainer', 'devcontainer.json')]);
    assert.match(readFileSync(plan.copies[0].from, 'utf8'), /^ARG NODE_VERSION/);

    const taken = folder({ '.devcontainer/Dockerfile': 'FROM mine' });
    assert.deepEqual(planTemplateCopy(TEMPLATES, node, taken).clashes, [join(taken, '.devcontainer', 'Dockerfile')]);
  });
});

describe('up progress', () => {
  test('headlines, log lines and phase costs; a failed hook keeps its output', () => {
    const p = new UpProgress();
    assert.equal(p.headline({ phase: 'pull', message: 'Pulling 3/7 layers', percent: 42.4 }), 'pull: Pulling 3/7 layers (42%)');
    assert.deepEqual(p.record({ phase: 'pull', message: 'Pulled berth-base', durationMs: 1234 }), ['[pull] Pulled berth-base (1.2 s)']);
    assert.equal(p.headline({ phase: 'hook', hook: 'postCreateCommand', message: 'Running postCreateCommand' }), 'Running postCreateCommand');
    assert.equal(p.headline({ phase: 'hook', hook: 'onCreateCommand', message: 'Running' }), 'onCreateCommand: Running');
    assert.equal(p.headline({ phase: 'hook', hook: 'postCreateCommand', message: 'postCreateCommand failed' }), 'postCreateCommand failed');
    assert.deepEqual(p.record({ phase: 'hook', hook: 'postCreateCommand', message: 'Running', output: 'installing\nboom\n' }), ['  postCreateCommand | installing', '  postCreateCommand | boom']);
    assert.equal(p.headline({ phase: 'hook', message: 'x', output: 'raw' }), undefined);
    p.record({ phase: 'hook', hook: 'postCreateCommand', message: 'postCreateCommand failed', durationMs: 40 });
    assert.deepEqual(p.lastHookOutput(), { hook: 'postCreateCommand', output: ['installing', 'boom'] });
    assert.match(p.summary(), /^pull 1\.2 s, postCreateCommand 40 ms; total \d+ ms$/);
  });
});

describe('status bar actions and operation logs', () => {
  test('detached windows are offered a way in; attached ones the container actions', () => {
    assert.deepEqual(quickActions(false).map((a) => a.command), ['berth.reopenInContainer', 'berth.attachToContainer', 'berth.openFolderInContainer', 'berth.addConfiguration']);
    assert.ok(quickActions(true).some((a) => a.command === 'berth.reopenLocally'));
    assert.ok(!quickActions(true).some((a) => a.command === 'berth.reopenInContainer'));
  });

  test('an operation log names the operation, its outcome and cost, and marks stderr', () => {
    const text = operationLogText(
      { id: 'op-1', kind: 'up', workspaceFolder: '/w', title: 'up /w', startedAt: 0, endedAt: 2500, outcome: 'error' },
      [
        { time: 't1', stream: 'system', text: 'Creating' },
        { time: 't2', stream: 'stderr', text: 'postCreateCommand failed with exit code 3' },
      ],
    );
    assert.equal(text, '# up /w (/w), started 1970-01-01T00:00:00.000Z, error in 2.5 s\nt1 # Creating\nt2 ! postCreateCommand failed with exit code 3\n');
  });
});
