// Loads dist/extension.js once in a fresh plain-Node process and runs activate() against a
// stand-in for the `vscode` module; prints {requireMs, activateMs}. Run by activationBench.ts.
const Module = require('node:module');

/** Any property is a callable that returns another such object: enough for registration calls. */
function stand() {
  const fn = function () {
    return stand();
  };
  return new Proxy(fn, {
    get: (_t, key) => (key === 'then' ? undefined : key === Symbol.toPrimitive ? () => '' : stand()),
    construct: () => stand(),
    set: () => true,
  });
}

// The module must list its namespaces: bundlers copy the keys of a CommonJS module.
const namespaces = ['window', 'commands', 'workspace', 'env', 'extensions', 'Uri', 'EventEmitter', 'Disposable', 'ThemeIcon', 'ThemeColor', 'TreeItem', 'TreeItemCollapsibleState', 'StatusBarAlignment', 'ProgressLocation', 'ConfigurationTarget', 'ViewColumn', 'TerminalProfile'];
const vscode = new Proxy({}, {
  get: (_t, key) => (key === '__esModule' ? false : stand()),
  ownKeys: () => namespaces,
  getOwnPropertyDescriptor: () => ({ configurable: true, enumerable: true }),
});
const load = Module._load;
Module._load = (request, ...rest) => (request === 'vscode' ? vscode : load(request, ...rest));

const started = performance.now();
const ext = require(process.argv[2]);
const loaded = performance.now();
ext.activate(stand());
const activated = performance.now();
process.stdout.write(JSON.stringify({ requireMs: loaded - started, activateMs: activated - loaded }));
// activate() started restoring an attachment in the background; the probe is done.
process.exit(0);
