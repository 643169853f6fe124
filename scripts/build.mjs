// Bundles the CLI/helper, the extension and the webviews with esbuild into dist/.
import * as esbuild from 'esbuild';
import { execFile } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync } from 'node:fs';
import { promisify } from 'node:util';

const production = process.argv.includes('--production');
// jsonc-parser's UMD build hides its requires from the bundler; its ESM build does not.
const common = { bundle: true, mainFields: ['module', 'main'], sourcemap: !production, minify: production, logLevel: 'warning', legalComments: 'none' };

// Builtins that the CLI's libraries load at start but use rarely (commander spawns only for
// external subcommands, vscode-jsonrpc hashes only to name pipes): loaded on first use
// instead, which saves every `berth` call a few ms.
const LAZY_BUILTINS = /^(node:)?(crypto|child_process)$/;
const lazyBuiltins = {
  name: 'lazy-builtins',
  setup(build) {
    build.onResolve({ filter: LAZY_BUILTINS }, (args) =>
      args.importer.includes('node_modules') ? { path: args.path.replace(/^node:/, ''), namespace: 'lazy-builtin' } : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'lazy-builtin' }, (args) => ({
      contents: `let m; module.exports = new Proxy({}, { get: (_, key) => (m ??= require('node:${args.path}'))[key] });`,
      loader: 'js',
    }));
  },
};

// The first lines of dist/berth.js. A shell runs the second; to JavaScript it is a string
// and a comment. It starts Node without NODE_EXTRA_CA_CERTS, which Node would load at start
// (~35 ms) for a CLI that never speaks TLS; runtime-helper/cli/extraCaCerts.ts restores it.
// `node dist/berth.js` skips the shell and works as before.
const binPrelude = [
  '#!/bin/sh',
  // `export`, not `env`: one process fewer to start on every call.
  '":" //; [ -z "$NODE_EXTRA_CA_CERTS" ] || { export BERTH_SAVED_EXTRA_CA_CERTS="$NODE_EXTRA_CA_CERTS"; export NODE_EXTRA_CA_CERTS=; }; exec node "$0" "$@"',
].join('\n');

const targets = [
  {
    // `berth` itself: loads dist/cli.js through V8's code cache.
    entryPoints: ['runtime-helper/cli/launcher.ts'],
    outfile: 'dist/berth.js',
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    banner: { js: binPrelude },
  },
  {
    // The thin CLI; `berth helper serve` and `berth exec` load dist/engine.js.
    entryPoints: ['runtime-helper/cli/main.ts'],
    outfile: 'dist/cli.js',
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    plugins: [lazyBuiltins],
    // Optional native add-ons of ssh2 (pulled in by docker-modem); plain JS fallbacks exist.
    external: ['cpu-features', '*.node'],
  },
  {
    // The engine and daemon, loaded by the CLI only when a command needs them.
    entryPoints: ['runtime-helper/cli/engineEntry.ts'],
    outfile: 'dist/engine.js',
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    external: ['cpu-features', '*.node'],
  },
  {
    entryPoints: ['src/extension.ts'],
    outfile: 'dist/extension.js',
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    external: ['vscode'],
  },
  {
    entryPoints: ['webview/ports/main.ts', 'webview/logs/main.ts', 'webview/stats/main.ts'].filter((f) => existsSync(f)),
    outdir: 'dist/webview',
    outbase: 'webview',
    platform: 'browser',
    target: 'es2022',
    format: 'esm',
  },
].filter((t) => t.entryPoints.every((f) => existsSync(f)) && t.entryPoints.length > 0);

// The relay the helper places in containers (runtime-helper/forward/relay/berth-relay.c):
// static, so it runs in any Linux container of this machine's architecture, whatever the
// image holds; named by architecture, as the helper looks it up.
async function buildRelay() {
  if (process.platform !== 'linux') {
    console.warn('berth-relay is built on Linux only: relayed forwards will report that it is missing');
    return;
  }
  mkdirSync('dist', { recursive: true });
  const out = `dist/berth-relay-linux-${process.arch}`;
  try {
    await promisify(execFile)('cc', ['-static', '-Os', '-s', '-Wall', '-Wextra', '-Werror', '-o', out, 'runtime-helper/forward/relay/berth-relay.c']);
  } catch (err) {
    throw new Error(`building ${out} failed (it needs a C compiler and static libc, e.g. Debian's gcc and libc6-dev):\n${err.stderr || err.message}`);
  }
}

await Promise.all([...targets.map((t) => esbuild.build({ ...common, ...t })), buildRelay()]);
// A bin runs as a program: npm sets the mode when it links one, the repo's own copy needs it too.
chmodSync('dist/berth.js', 0o755);
