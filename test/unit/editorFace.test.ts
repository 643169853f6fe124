// What the editor shows about a config, computed without an editor: the Problems entries
// (the helper's validateConfiguration), the files a rebuild prompt watches, the windows that
// keep a container from its shutdownAction, live stats as docker stats computes them, and the
// "Dev Containers" commands of the manifest.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import manifest from '../../package.json';
import { checkConfigText } from '../../runtime-helper/config/check';
import type { ConfigDiagnostic, ContainerStats } from '../../runtime-helper/rpc/protocol';
import { WindowAttachments } from '../../runtime-helper/daemon/windowAttachments';
import { containerStats } from '../../runtime-helper/engine/containerStats';
import { formatStats } from '../../src/format';
import { polylinePoints, scaleTop, StatsSeries } from '../../webview/stats/series';
import { isConfigFile } from '../../runtime-helper/rpc/configLocations';
import { configInputs } from '../../src/workspace/configInputs';
import { devcontainer, load } from './configFixture';

const FILE = '/ws/.devcontainer/devcontainer.json';

/** What the editor does with a quick fix: replaces its range (1-based, end exclusive) with its text. */
function applyQuickFix(text: string, fix: NonNullable<ConfigDiagnostic['quickFix']>): string {
  const offset = (p: { line: number; column: number }) => text.split('\n').slice(0, p.line - 1).reduce((n, l) => n + l.length + 1, 0) + p.column - 1;
  return text.slice(0, offset(fix.start)) + fix.newText + text.slice(offset(fix.end));
}

describe('validateConfiguration (the Problems panel)', () => {
  test('an error at its property range with a quick fix, and unknown properties as warnings', () => {
    const found = checkConfigText(FILE, '{\n  "image": "x",\n  "runArgs": "--init",\n  "colour": "blue"\n}\n');
    assert.deepEqual(found, [
      {
        severity: 'error',
        message: 'expected an array, got the string "--init"',
        property: 'runArgs',
        fix: 'Make it an array: ["--init"]',
        start: { line: 3, column: 3 },
        end: { line: 3, column: 22 },
        quickFix: { title: 'Make "runArgs" an array', start: { line: 3, column: 14 }, end: { line: 3, column: 22 }, newText: '["--init"]' },
      },
      { severity: 'warning', message: 'unknown property; Berth ignores it', property: 'colour', fix: undefined, start: { line: 4, column: 3 }, end: { line: 4, column: 19 } },
    ]);
  });

  test('the unsaved text is what counts: a syntax error at its line and column', () => {
    const [d] = checkConfigText(FILE, '{\n  "image": "x"\n  "runArgs": []\n}');
    assert.equal(d.severity, 'error');
    assert.match(d.message, /missing comma/);
    assert.deepEqual(d.start, { line: 3, column: 3 });
  });

  test('a valid config has no problems', () => {
    assert.deepEqual(checkConfigText(FILE, '// comment\n{ "image": "x", "runArgs": ["--init"], }'), []);
  });

  test('legacy top-level extensions and settings: a quick fix moves them under customizations.vscode, comments kept', () => {
    const text = '{\n  // the base image\n  "image": "x",\n  "extensions": ["a.b"],\n  "settings": { "editor.tabSize": 2 },\n  "customizations": { "vscode": { "extensions": ["c.d"] } }\n}\n';
    const found = checkConfigText(FILE, text);
    assert.deepEqual(found.map((d) => [d.property, d.quickFix?.title]), [
      ['extensions', 'Move the legacy VS Code properties under customizations.vscode'],
      ['settings', 'Move the legacy VS Code properties under customizations.vscode'],
    ]);
    const fixed = applyQuickFix(text, found[0].quickFix!);
    assert.deepEqual(checkConfigText(FILE, fixed), [], 'no warning left');
    assert.match(fixed, /^\{\n {2}\/\/ the base image\n {2}"image": "x",\n/, 'the rest stays as written');
    assert.deepEqual(load(devcontainer(fixed)).config, load(devcontainer(text)).config, 'up reads the same config as before');
    assert.deepEqual(JSON.parse(fixed.replace(/\/\/.*\n/, '')).customizations.vscode, { extensions: ['c.d', 'a.b'], settings: { 'editor.tabSize': 2 } });
  });

  test('legacy keys in a file without customizations get one, indented like the file', () => {
    const text = '{\n\t"image": "x",\n\t"extensions": ["a.b"]\n}';
    const fixed = applyQuickFix(text, checkConfigText(FILE, text)[0].quickFix!);
    assert.equal(fixed, '{\n\t"image": "x",\n\t"customizations": {\n\t\t"vscode": {\n\t\t\t"extensions": [\n\t\t\t\t"a.b"\n\t\t\t]\n\t\t}\n\t}\n}');
  });

  test('config files are recognised at the spec locations only', () => {
    assert.deepEqual(['/w/.devcontainer/devcontainer.json', '/w/.devcontainer.json', '/w/.devcontainer/py/devcontainer.json', '/w/devcontainer.json', '/w/.devcontainer/a/b/devcontainer.json'].map(isConfigFile), [true, true, true, false, false]);
  });
});

describe('the files a rebuild prompt watches', () => {
  test('the config, its Dockerfile, its compose files and its local features', () => {
    assert.deepEqual(configInputs(FILE, { build: { dockerfile: 'Dockerfile' }, dockerComposeFile: ['../compose.yml', '/abs/other.yml'], features: { './local-feature': {}, 'ghcr.io/x/y:1': {} } }), [
      FILE,
      '/ws/.devcontainer/Dockerfile',
      '/ws/compose.yml',
      '/abs/other.yml',
      '/ws/.devcontainer/local-feature/**',
    ]);
    assert.deepEqual(configInputs(FILE, { image: 'x' }), [FILE]);
  });
});

describe('shutdownAction when the last window closes', () => {
  const downs = () => {
    const done: string[] = [];
    return { done, down: (folder: string) => async () => void done.push(folder) };
  };
  const settle = (ms: number) => new Promise((r) => setTimeout(r, ms));

  test('the last window closing stops the container after the grace period', async () => {
    const w = new WindowAttachments<string>();
    const { done, down } = downs();
    w.set('window', '/ws');
    assert.equal(w.release('/ws', 'window', 20, down('/ws')), true);
    assert.equal(w.pending, 1, 'a pending down keeps the helper alive');
    await settle(60);
    assert.deepEqual(done, ['/ws']);
    assert.equal(w.pending, 0);
  });

  test('a window attaching again in time (a reload) keeps it running', async () => {
    const w = new WindowAttachments<string>();
    const { done, down } = downs();
    w.set('old', '/ws');
    w.release('/ws', 'old', 20, down('/ws'));
    w.set('new', '/ws');
    await settle(60);
    assert.deepEqual(done, []);
  });

  test('another window on the same container keeps it running; a detached one does not', async () => {
    const w = new WindowAttachments<string>();
    const { done, down } = downs();
    w.set('a', '/ws');
    w.set('b', '/ws');
    assert.equal(w.release('/ws', 'a', 10, down('/ws')), false);
    w.set('b', undefined);
    w.set('a', '/ws');
    assert.equal(w.release('/ws', 'a', 10, down('/ws')), true);
    await settle(40);
    assert.deepEqual(done, ['/ws']);
  });
});

describe('the "Dev Containers" category', () => {
  type Contributed = { command: string; title: string; category?: string };
  const commands = manifest.contributes.commands as Contributed[];
  const palette = manifest.contributes.menus.commandPalette as { command: string; when: string }[];
  const aliases = commands.filter((c) => c.category === 'Dev Containers');

  test("each alias names a Berth command with the same title and the same palette condition", () => {
    assert.ok(aliases.length >= 9);
    for (const alias of aliases) {
      const target = commands.find((c) => c.command === alias.command.replace('berth.devContainers.', 'berth.'));
      assert.ok(target, `${alias.command} runs a Berth command`);
      assert.equal(alias.title, target.title);
      assert.equal(palette.find((p) => p.command === alias.command)?.when, palette.find((p) => p.command === target.command)?.when, `${alias.command} shows when ${target.command} does`);
    }
  });
});

describe('live stats as docker stats computes them', () => {
  test('CPU % of the host against the previous sample, memory without the inactive page cache, summed I/O', () => {
    const s = containerStats('c1', {
      cpu_stats: { cpu_usage: { total_usage: 1_200 }, system_cpu_usage: 11_000, online_cpus: 4 },
      precpu_stats: { cpu_usage: { total_usage: 1_000 }, system_cpu_usage: 10_000 },
      memory_stats: { usage: 100_000_000, limit: 2_000_000_000, stats: { inactive_file: 20_000_000 } },
      networks: { eth0: { rx_bytes: 1_000, tx_bytes: 500 }, eth1: { rx_bytes: 200, tx_bytes: 100 } },
      blkio_stats: { io_service_bytes_recursive: [{ op: 'read', value: 4_096 }, { op: 'write', value: 8_192 }, { op: 'Read', value: 4_096 }] },
    });
    assert.deepEqual(s, { id: 'c1', cpuPercent: 80, memoryUsed: 80_000_000, memoryLimit: 2_000_000_000, networkRx: 1_200, networkTx: 600, blockRead: 8_192, blockWrite: 8_192 });
    assert.equal(formatStats(s), 'CPU 80.0% · MEM 80.0 MB / 2.0 GB · NET 1.2 KB / 600 B · BLOCK 8.2 KB / 8.2 KB');
  });

  test('the first sample (no previous one) and cgroup v1 names', () => {
    const s = containerStats('c1', { cpu_stats: { cpu_usage: { total_usage: 5, percpu_usage: [1, 2] }, system_cpu_usage: 9 }, memory_stats: { usage: 50, limit: 100, stats: { total_inactive_file: 10 } }, blkio_stats: { io_service_bytes_recursive: null } });
    assert.equal(s.cpuPercent, 0);
    assert.equal(s.memoryUsed, 40);
    assert.equal(s.blockRead, 0);
  });
});

describe("a container's stats chart", () => {
  const sample = (n: Partial<ContainerStats>): ContainerStats => ({ id: 'c1', cpuPercent: 0, memoryUsed: 0, memoryLimit: 100, networkRx: 0, networkTx: 0, blockRead: 0, blockWrite: 0, ...n });

  test('network and block I/O as rates per second, the last five minutes only', () => {
    const series = new StatsSeries();
    series.push(0, sample({ networkRx: 1_000, blockWrite: 0 }));
    series.push(2_000, sample({ networkRx: 5_000, blockWrite: 8_192, cpuPercent: 12.5 }));
    assert.deepEqual(series.latest, { time: 2_000, cpuPercent: 12.5, memoryUsed: 0, memoryLimit: 100, networkRx: 2_000, networkTx: 0, blockRead: 0, blockWrite: 4_096 });
    assert.equal(series.points[0].networkRx, 0, 'the first sample has no rate yet');
    series.push(301_000, sample({ networkRx: 6_000 }));
    assert.deepEqual(series.points.map((p) => p.time), [2_000, 301_000], 'older than five minutes: dropped');
  });

  test('a restart (totals back to zero) draws no negative rate, and the first sample after a stop has none', () => {
    const series = new StatsSeries();
    series.push(0, sample({ networkRx: 9_000 }));
    series.push(1_000, sample({ networkRx: 100 }));
    assert.equal(series.latest!.networkRx, 0);
    series.stopped();
    series.push(60_000, sample({ networkRx: 50_000 }));
    assert.equal(series.latest!.networkRx, 0);
  });

  test('lines span the window ending now, values up to the scale top; the scale is a round number', () => {
    const series = new StatsSeries(10_000);
    series.push(0, sample({ cpuPercent: 0 }));
    series.push(5_000, sample({ cpuPercent: 50 }));
    series.push(10_000, sample({ cpuPercent: 200 }));
    assert.equal(polylinePoints(series.points, (p) => p.cpuPercent, 100, 10_000, { width: 300, height: 80 }, 10_000), '0.0,80.0 150.0,40.0 300.0,0.0');
    const widening = new StatsSeries();
    widening.push(0, sample({}));
    widening.push(30_000, sample({}));
    assert.equal(widening.spanMs, 60_000, 'a new chart spans a minute');
    widening.push(150_000, sample({}));
    assert.equal(widening.spanMs, 180_000, 'then whole minutes as samples come');
    for (let t = 210_000; t <= 600_000; t += 30_000) widening.push(t, sample({}));
    assert.equal(widening.spanMs, 300_000, 'up to five');
    assert.deepEqual([scaleTop(0.2, 1), scaleTop(3, 1), scaleTop(120, 1), scaleTop(7_500_000, 1e6)], [1, 5, 200, 10_000_000]);
  });
});
