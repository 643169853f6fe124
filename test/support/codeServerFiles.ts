// Where the project's code-server lives (scripts/ensure-code-server.sh installs it), and the VS Code
// server build it carries, which the container windows run.
import { join } from 'node:path';
import { REPO } from './cli';

export const CODE_SERVER_DIR = process.env.BERTH_CODE_SERVER_DIR ?? join(REPO, '.berth-cache/code-server');
export const SERVER_ROOT = join(CODE_SERVER_DIR, 'node_modules/code-server/lib/vscode');
