// Bundles the CLI/helper, the extension and the webviews with esbuild into dist/.
import * as esbuild from 'esbuild';
import { existsSync } from 'node:fs';

const production = process.argv.includes('--production');
const common = { bundle: true, sourcemap: !production, minify: production, logLevel: 'warning', legalComments: 'none' };

const targets = [
  {
    // The CLI is also the runtime helper daemon (`berth helper serve`).
    entryPoints: ['runtime-helper/cli/main.ts'],
    outfile: 'dist/berth.js',
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    banner: { js: '#!/usr/bin/env node' },
    // Optional native add-ons of ssh2 (pulled in by docker-modem); plain JS fallbacks exist.
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
