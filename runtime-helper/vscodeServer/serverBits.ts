// The VS Code server Berth runs in a dev container comes from the host: the server that
// ships in code-server's package (the running code-server's own `appRoot` in production).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fail, ok, type Result } from '../util/result';

export interface ServerBits {
  /** The folder holding out/server-main.js and product.json. */
  root: string;
  /** The commit the server was built from: it names the install in the container. */
  commit: string;
  version: string;
}

export const SERVER_MAIN = 'out/server-main.js';

export function readServerBits(root: string): Result<ServerBits> {
  const fix = "Pass the folder of a VS Code server build (code-server's lib/vscode, which is `vscode.env.appRoot` inside code-server).";
  if (!existsSync(join(root, SERVER_MAIN))) return fail({ message: `${root} holds no VS Code server (${SERVER_MAIN} is missing)`, fix });
  try {
    const product = JSON.parse(readFileSync(join(root, 'product.json'), 'utf8')) as { commit?: unknown; version?: unknown };
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version?: unknown };
    const commit = typeof product.commit === 'string' ? product.commit : '';
    if (!/^[0-9a-f]{7,40}$/.test(commit)) return fail({ message: `${join(root, 'product.json')} names no commit`, fix });
    return ok({ root, commit, version: String(product.version ?? pkg.version ?? 'unknown') });
  } catch (err) {
    return fail({ message: `cannot read the VS Code server in ${root}: ${(err as Error).message}`, fix });
  }
}
