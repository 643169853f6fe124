// Where the workspace is mounted and where the build runs, as the devcontainer CLI decides
// them, for configs anywhere in the workspace and for folder names that hold mount syntax.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { loadConfig, resolveBuildPaths } from '../../runtime-helper/config/load';
import { formatMount, parseMountString } from '../../runtime-helper/config/mounts';
import { translateRunArgs } from '../../runtime-helper/engine/runArgs';
import { okValue, workspace } from './configFixture';

const cli = join(__dirname, '..', '..', 'node_modules', '.bin', 'devcontainer');
function theirs(ws: string, configFile?: string) {
  const args = ['read-configuration', '--workspace-folder', ws, ...(configFile ? ['--config', configFile] : [])];
  const out = JSON.parse(execFileSync(cli, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }));
  return { workspaceFolder: out.workspace.workspaceFolder as string, workspaceMount: out.workspace.workspaceMount as string };
}
function ours(ws: string, configFile?: string) {
  const loaded = okValue(loadConfig({ workspaceFolder: ws, configFile, env: {} }));
  return { workspaceFolder: loaded.containerWorkspaceFolder, workspaceMount: formatMount(loaded.workspaceMount) };
}

describe('workspace mount and folder, as the devcontainer CLI has them', () => {
  test('a config in a subfolder that sets workspaceFolder: mounted at /workspaces/<repo>, working in workspaceFolder', () => {
    const ws = workspace({ '.devcontainer/python/devcontainer.json': { image: 'x', workspaceFolder: '/src' } }, 'repo');
    const config = join(ws, '.devcontainer/python/devcontainer.json');
    assert.deepEqual(ours(ws, config), { workspaceFolder: '/src', workspaceMount: `type=bind,source=${ws},target=/workspaces/repo` });
    assert.deepEqual(ours(ws, config), theirs(ws, config));
  });

  test('the same rule for a config in .devcontainer/, and workspaceMount as written when it is set', () => {
    const plain = workspace({ '.devcontainer/devcontainer.json': { image: 'x', workspaceFolder: '/workspaces/repo/sub' } }, 'repo');
    assert.deepEqual(ours(plain), theirs(plain));
    const both = workspace({ '.devcontainer.json': { image: 'x', workspaceFolder: '/app', workspaceMount: 'source=${localWorkspaceFolder},target=/app,type=bind' } }, 'repo');
    assert.deepEqual(ours(both), { workspaceFolder: '/app', workspaceMount: `type=bind,source=${both},target=/app` });
    assert.deepEqual(parseCli(theirs(both).workspaceMount), parseCli(ours(both).workspaceMount));
  });

  test('a workspace inside a Git repository: the repository is mounted, the working folder is the workspace in it', () => {
    const repo = workspace({ 'packages/app/.devcontainer/devcontainer.json': { image: 'x' } }, 'mono');
    execFileSync('git', ['init', '-q', repo]);
    const app = join(repo, 'packages/app');
    assert.deepEqual(ours(app), { workspaceFolder: '/workspaces/mono/packages/app', workspaceMount: `type=bind,source=${repo},target=/workspaces/mono` });
    assert.deepEqual(ours(app), theirs(app));
    // A worktree or submodule has a .git file instead of a folder.
    const sub = workspace({ '.git': 'gitdir: ../.git/modules/lib\n', 'src/.devcontainer.json': { image: 'x', workspaceFolder: '/w' } }, 'lib');
    assert.deepEqual(ours(join(sub, 'src')), { workspaceFolder: '/w', workspaceMount: `type=bind,source=${sub},target=/workspaces/lib` });
  });

  test('a folder whose name holds mount syntax is mounted as itself', () => {
    const ws = workspace({ '.devcontainer/devcontainer.json': { image: 'x' } }, 'proj,src=/etc');
    const loaded = okValue(loadConfig({ workspaceFolder: ws, env: {} }));
    assert.deepEqual(loaded.workspaceMount, { Type: 'bind', Source: ws, Target: '/workspaces/etc' });
    // The CLI quotes the field the same way for the default mount.
    assert.deepEqual(ours(ws), theirs(ws));
  });

  test('…also through ${localWorkspaceFolder} in workspaceMount, mounts and runArgs --mount', () => {
    const ws = workspace({
      '.devcontainer/devcontainer.json': {
        image: 'x',
        workspaceMount: 'source=${localWorkspaceFolder},target=/w,type=bind',
        mounts: ['type=bind,source=${localWorkspaceFolder}/etc,target=/more'],
        runArgs: ['--mount', 'type=bind,src=${localWorkspaceFolder},dst=/a', '--mount=type=bind,src=${localWorkspaceFolder},dst=/b', '-e', 'W=${localWorkspaceFolder}'],
      },
    }, 'a"b,src=/etc');
    const loaded = okValue(loadConfig({ workspaceFolder: ws, env: {} }));
    assert.deepEqual(loaded.workspaceMount, { Type: 'bind', Source: ws, Target: '/w' });
    assert.deepEqual(okValue(parseMountString(loaded.config.mounts![0] as string)), { Type: 'bind', Source: `${ws}/etc`, Target: '/more' });
    const run = okValue(translateRunArgs(loaded.config.runArgs!, { baseDir: '/', env: {} })).options;
    assert.deepEqual(run.HostConfig.Mounts.map((m) => [m.Source, m.Target]), [[ws, '/a'], [ws, '/b']]);
    assert.deepEqual(run.Env, [`W=${ws}`]);
  });

  test('a broken workspaceMount names the property', () => {
    const ws = workspace({ '.devcontainer/devcontainer.json': '{\n  "image": "x",\n  "workspaceMount": "source=/a\\"b,target=/w"\n}' }, 'repo');
    const r = loadConfig({ workspaceFolder: ws, env: {} });
    assert.equal(r.ok, false);
    assert.deepEqual(r.ok ? {} : { property: r.error.property, line: r.error.line }, { property: 'workspaceMount', line: 3 });
    assert.match(r.ok ? '' : r.error.message, /a bare " in an unquoted field/);
  });
});

/** The fields of a mount string, order aside (the CLI keeps the user's order). */
function parseCli(spec: string): string[] {
  return spec.split(',').sort();
}

describe('build paths, as the devcontainer CLI resolves them', () => {
  const paths = (files: Record<string, string | object>, config = '.devcontainer/devcontainer.json') => {
    const ws = workspace(files, 'repo');
    const loaded = okValue(loadConfig({ workspaceFolder: ws, configFile: join(ws, config), env: {} }));
    const p = okValue(resolveBuildPaths(loaded))!;
    return { dockerfile: p.dockerfile.slice(ws.length), context: p.context.slice(ws.length) };
  };

  test('without build.context, the context is the Dockerfile\'s folder', () => {
    assert.deepEqual(paths({ '.devcontainer/devcontainer.json': { build: { dockerfile: 'docker/Dockerfile' } }, '.devcontainer/docker/Dockerfile': 'FROM x' }), { dockerfile: '/.devcontainer/docker/Dockerfile', context: '/.devcontainer/docker' });
  });

  test('build.context is relative to the config\'s folder', () => {
    assert.deepEqual(paths({ '.devcontainer/devcontainer.json': { build: { dockerfile: 'docker/Dockerfile', context: '..' } }, '.devcontainer/docker/Dockerfile': 'FROM x' }), { dockerfile: '/.devcontainer/docker/Dockerfile', context: '' });
  });

  test('legacy top-level dockerFile and context, in a subfolder config', () => {
    const files = { '.devcontainer/go/devcontainer.json': { dockerFile: '../../Dockerfile' }, Dockerfile: 'FROM x' };
    assert.deepEqual(paths(files, '.devcontainer/go/devcontainer.json'), { dockerfile: '/Dockerfile', context: '' });
    const withContext = { '.devcontainer/go/devcontainer.json': { dockerFile: 'Dockerfile', context: '../..' }, '.devcontainer/go/Dockerfile': 'FROM x' };
    assert.deepEqual(paths(withContext, '.devcontainer/go/devcontainer.json'), { dockerfile: '/.devcontainer/go/Dockerfile', context: '' });
  });
});
