// A stand-in for the `vscode` module, for unit tests of extension code that runs outside the
// editor: the parts a test gives are used, and any other API throws when called, naming itself.
import Module from 'node:module';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../..');

export function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
}

/** Any property is another stand-in; calling or constructing one throws. */
export function throwing(path: string): unknown {
  return new Proxy(function () {}, {
    get: (_t, key) => (key === 'then' || typeof key === 'symbol' ? undefined : throwing(`${path}.${String(key)}`)),
    apply: () => {
      throw new Error(`${path}() is not available here`);
    },
    construct: () => {
      throw new Error(`new ${path}() is not available here`);
    },
  });
}

/** From now on `require('vscode')` answers `api` over the stand-in. */
export function installFakeVscode(api: Record<string, unknown>): void {
  // Its keys are every vscode.X the extension names: an `import * as vscode` copies them.
  const names = new Set(sourceFiles(join(ROOT, 'src')).flatMap((f) => [...readFileSync(f, 'utf8').matchAll(/\bvscode\.([A-Za-z]+)/g)].map((m) => m[1])));
  const fake = new Proxy(Object.fromEntries([...names].map((name) => [name, undefined])), {
    get: (_t, key) => (typeof key === 'symbol' ? undefined : key in api ? api[key] : throwing(key)),
  });
  const loader = Module as unknown as { _load: (request: string, ...rest: unknown[]) => unknown };
  const load = loader._load;
  loader._load = (request, ...rest) => (request === 'vscode' ? fake : load(request, ...rest));
}
