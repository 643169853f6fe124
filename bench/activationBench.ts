// Activation cost of the bundled extension: loading dist/extension.js and running
// activate(), against a minimal stand-in for the `vscode` module (VS Code itself is not
// needed to time our own code). Registration only: no helper is contacted here.
import Module from 'node:module';
import { join } from 'node:path';
import { stats, type Stats } from './measure';

const RUNS = 20;

/** Any property is a callable that returns another such object: enough for registration calls. */
function stand(): unknown {
  const fn = function () {
    return stand();
  };
  return new Proxy(fn, {
    get: (_t, key) => (key === 'then' ? undefined : key === Symbol.toPrimitive ? () => '' : stand()),
    construct: () => stand() as object,
    set: () => true,
  });
}

/** The module itself must list its namespaces: bundlers copy the keys of a CommonJS module. */
function standModule(): unknown {
  const keys = ['window', 'commands', 'workspace', 'env', 'extensions', 'Uri', 'EventEmitter', 'Disposable', 'ThemeIcon', 'ThemeColor', 'TreeItem', 'TreeItemCollapsibleState', 'StatusBarAlignment', 'ProgressLocation', 'ConfigurationTarget', 'ViewColumn', 'TerminalProfile'];
  return new Proxy({}, {
    get: (_t, key) => (key === '__esModule' ? false : stand()),
    ownKeys: () => keys,
    getOwnPropertyDescriptor: () => ({ configurable: true, enumerable: true }),
  });
}

export function activationBench(root: string): { activateMs: Stats } {
  const load = (Module as unknown as { _load: (r: string, ...a: unknown[]) => unknown })._load;
  (Module as unknown as { _load: unknown })._load = (request: string, ...rest: unknown[]) => (request === 'vscode' ? standModule() : load(request, ...rest));
  const file = join(root, 'dist', 'extension.js');
  const samples: number[] = [];
  try {
    for (let i = 0; i < RUNS; i++) {
      delete require.cache[file];
      const started = performance.now();
      const ext = require(file) as { activate(c: unknown): unknown };
      ext.activate(stand());
      samples.push(performance.now() - started);
    }
  } finally {
    (Module as unknown as { _load: unknown })._load = load;
  }
  return { activateMs: stats(samples) };
}
