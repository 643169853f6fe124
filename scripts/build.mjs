// Bundles the CLI/helper, the extension and the webviews with esbuild into dist/.
import * as esbuild from 'esbuild';
import { existsSync } from 'node:fs';

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

const targets = [
  {
    // `berth` itself: loads dist/cli.js through V8's code cache.
    entryPoints: ['runtime-helper/cli/launcher.ts'],
    outfile: 'dist/berth.js',
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    banner: { js: '#!/usr/bin/env node' },
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
    entryPoints: ['webview/ports/main.ts', 'webview/logs/main.ts'].filter((f) => existsSync(f)),
    outdir: 'dist/webview',
    outbase: 'webview',
    platform: 'browser',
    target: 'es2022',
    format: 'esm',
  },
].filter((t) => t.entryPoints.every((f) => existsSync(f)) && t.entryPoints.length > 0);

await Promise.all(targets.map((t) => esbuild.build({ ...common, ...t })));
