// The stages of `up` against the in-memory engine: no container engine needed.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { resolveRemoteUser } from '../../runtime-helper/config/remoteUser';
import { LABEL_BERTH, LABEL_METADATA } from '../../runtime-helper/config/labels';
import { readState } from '../../runtime-helper/engine/state';
import type { ProgressEvent } from '../../runtime-helper/util/progress';
import type { BerthError } from '../../runtime-helper/util/result';
import { probeAndRun } from '../../runtime-helper/engine/userEnv';
import { build } from '../../runtime-helper/up/build';
import type { RunContext } from '../../runtime-helper/up/context';
import { load } from '../../runtime-helper/up/load';
import { prepareImage } from '../../runtime-helper/up/prepareImage';
import { provisionerFor } from '../../runtime-helper/up/provision';
import { up } from '../../runtime-helper/up/up';
import { MemoryEngine } from '../support/memoryEngine';
import { cleanupWorkspaces, devcontainer } from '../support/workspace';

const IMAGE = 'example/base:1';
let savedState: string | undefined;

before(() => {
  // Berth's per-container state goes to a folder of this test's own.
  savedState = process.env.XDG_STATE_HOME;
  process.env.XDG_STATE_HOME = mkdtempSync(join(tmpdir(), 'berth-state-'));
});
after(() => {
  if (savedState === undefined) delete process.env.XDG_STATE_HOME;
  else process.env.XDG_STATE_HOME = savedState;
  cleanupWorkspaces();
});

function context(engine: MemoryEngine, env: NodeJS.ProcessEnv = {}): RunContext & { events: ProgressEvent[] } {
  const events: ProgressEvent[] = [];
  return { engine, env, settings: {}, progress: (e) => events.push(e), events };
}

/** The hook commands the container ran (a string hook runs as `/bin/sh -c CMD`), without the env probe. */
const hooksRun = (engine: MemoryEngine) => engine.execs.filter((e) => e.cmd.length === 3 && e.cmd[1] === '-c').map((e) => e.cmd[2]);

describe('resolveRemoteUser', () => {
  test('remoteUser, then containerUser, then what is known, then root', () => {
    assert.equal(resolveRemoteUser({ remoteUser: 'ann', containerUser: 'bob' }, 'recorded', 'image'), 'ann');
    assert.equal(resolveRemoteUser({ containerUser: 'bob' }, 'recorded', 'image'), 'bob');
    assert.equal(resolveRemoteUser({}, 'recorded', 'image'), 'recorded');
    assert.equal(resolveRemoteUser({}, undefined, 'image'), 'image');
    assert.equal(resolveRemoteUser({}, undefined, ''), 'root');
  });
});

describe('load', () => {
  test('the source kind is a field of the loaded config', () => {
    const image = load({ workspaceFolder: devcontainer({ image: IMAGE }) }, {});
    assert.deepEqual(image.ok && image.value.source, { kind: 'image', image: IMAGE });
    const ws = devcontainer({ build: { dockerfile: 'Dockerfile' } }, { '.devcontainer/Dockerfile': 'FROM scratch\n' });
    const dockerfile = load({ workspaceFolder: ws }, {});
    assert.deepEqual(dockerfile.ok && dockerfile.value.source, { kind: 'dockerfile', build: { dockerfile: join(ws, '.devcontainer/Dockerfile'), context: join(ws, '.devcontainer') } });
    const compose = load({ workspaceFolder: devcontainer({ dockerComposeFile: 'docker-compose.yml', service: 'app' }) }, {});
    assert.deepEqual(compose.ok && compose.value.source, { kind: 'compose' });
  });
});

describe('prepareImage', () => {
  test("the image's metadata merges under the config, and its user is the fallback", async () => {
    const engine = new MemoryEngine();
    engine.addImage(IMAGE, { User: 'imageuser', Labels: { [LABEL_METADATA]: JSON.stringify([{ containerEnv: { FROM_IMAGE: '1' }, postCreateCommand: 'image-hook' }]) } });
    const loaded = load({ workspaceFolder: devcontainer({ image: IMAGE, postCreateCommand: 'config-hook' }) }, {});
    assert.ok(loaded.ok);
    const prepared = await prepareImage(context(engine), loaded.value, { image: IMAGE, info: await engine.inspectImage(IMAGE) }, { workspaceFolder: loaded.value.workspaceFolder });
    assert.equal(prepared.remoteUser, 'imageuser');
    assert.deepEqual(prepared.merged.containerEnv, { FROM_IMAGE: '1' });
    assert.deepEqual(prepared.merged.hooks.postCreateCommand, [{ command: 'image-hook' }, { command: 'config-hook' }]);
    assert.equal(prepared.imageEntries.length, 1);
  });
});

/**
 * An up that fails as `answer` says, then one with every command succeeding: the first's error.
 * The container is kept between them; `engine.execs` then holds only the second's.
 */
async function failedThenRetried(engine: MemoryEngine, ws: string, answer: MemoryEngine['answer']): Promise<BerthError> {
  engine.answer = answer;
  const failed = await up({ workspaceFolder: ws }, context(engine));
  assert.ok(!failed.ok, 'the first up fails');
  assert.equal(engine.containers.size, 1, 'the container is kept');
  engine.answer = () => ({});
  engine.execs.length = 0;
  const retried = await up({ workspaceFolder: ws }, context(engine));
  assert.ok(retried.ok, retried.ok ? '' : retried.error.message);
  return failed.error;
}

describe('provision and set up inside', () => {
  test('a cold up pulls, creates, starts and runs every hook once, in order, as remoteUser with containerEnv', async () => {
    const engine = new MemoryEngine();
    const ws = devcontainer({ image: IMAGE, remoteUser: 'dev', containerEnv: { GREETING: 'hi' }, onCreateCommand: 'one', postCreateCommand: 'two', postStartCommand: 'three', postAttachCommand: 'four' });
    const ctx = context(engine);
    const r = await up({ workspaceFolder: ws }, ctx);
    assert.ok(r.ok, r.ok ? '' : r.error.message);
    assert.equal(r.value.created, true);
    assert.equal(r.value.remoteUser, 'dev');
    assert.deepEqual(engine.calls.filter((c) => !c.startsWith('list')), [`pull ${IMAGE}`, `createContainer ${IMAGE}`, `startContainer ${r.value.containerId}`]);
    const created = engine.containers.get(r.value.containerId)!;
    assert.ok(created.spec.Env?.includes('GREETING=hi'));
    assert.equal(created.spec.Labels?.[LABEL_BERTH], '1');
    assert.deepEqual(hooksRun(engine), ['one', 'two', 'three', 'four']);
    assert.ok(engine.execs.every((e) => e.user === 'dev'));
    assert.ok(engine.execs.filter((e) => e.cmd.length === 3).every((e) => e.workdir === r.value.remoteWorkspaceFolder));
    assert.deepEqual(readState(r.value.containerId).createHooksDone, ['onCreateCommand', 'updateContentCommand', 'postCreateCommand']);
    assert.ok(ctx.events.some((e) => e.phase === 'create' && e.message === 'Creating the container'));
  });

  test('a warm up finds the running container and runs only postAttachCommand', async () => {
    const engine = new MemoryEngine();
    const ws = devcontainer({ image: IMAGE, onCreateCommand: 'one', postAttachCommand: 'four' });
    const first = await up({ workspaceFolder: ws }, context(engine));
    assert.ok(first.ok);
    engine.execs.length = 0;
    engine.calls.length = 0;
    const second = await up({ workspaceFolder: ws }, context(engine));
    assert.ok(second.ok);
    assert.equal(second.value.created, false);
    assert.equal(second.value.containerId, first.value.containerId);
    assert.deepEqual(engine.calls.filter((c) => !c.startsWith('list')), []);
    assert.deepEqual(hooksRun(engine), ['four']);
  });

  test('a stopped container is started again and gets postStartCommand for the new start', async () => {
    const engine = new MemoryEngine();
    const ws = devcontainer({ image: IMAGE, postCreateCommand: 'two', postStartCommand: 'three' });
    const first = await up({ workspaceFolder: ws }, context(engine));
    assert.ok(first.ok);
    await engine.stopContainer(first.value.containerId);
    engine.execs.length = 0;
    const again = await up({ workspaceFolder: ws }, context(engine));
    assert.ok(again.ok);
    assert.deepEqual(hooksRun(engine), ['three']);
  });

  test("a restart's up leaves a container stopped since alone (its start event came after a down): not started, no hook run", async () => {
    const engine = new MemoryEngine();
    const ws = devcontainer({ image: IMAGE, remoteUser: 'dev', postStartCommand: 'three' });
    const first = await up({ workspaceFolder: ws }, context(engine));
    assert.ok(first.ok);
    await engine.stopContainer(first.value.containerId);
    engine.execs.length = 0;
    engine.calls.length = 0;
    const restart = await up({ workspaceFolder: ws, afterRestart: true }, context(engine));
    assert.ok(restart.ok, restart.ok ? '' : restart.error.message);
    assert.equal(restart.value.remoteUser, 'dev');
    assert.deepEqual(engine.calls.filter((c) => !c.startsWith('list')), []);
    assert.deepEqual(engine.execs, []);
    assert.equal(engine.containers.get(first.value.containerId)!.summary.State, 'exited');
  });

  test('a failed hook keeps the container and says how to go on; the next up runs only that hook again', async () => {
    const engine = new MemoryEngine();
    const ws = devcontainer({ image: IMAGE, onCreateCommand: 'one', postCreateCommand: 'two' });
    const failed = await failedThenRetried(engine, ws, (e) => (e.cmd[2] === 'two' ? { exitCode: 3, stderr: 'no good\n' } : {}));
    assert.match(failed.message, /^postCreateCommand failed with exit code 3; its last output:\n {4}no good$/);
    assert.match(failed.fix ?? '', /is kept/);
    assert.deepEqual(hooksRun(engine), ['two']);
  });

  test('runArgs -e NAME reads the run context, not the process environment', async () => {
    const engine = new MemoryEngine();
    process.env.BERTH_PIPELINE_PROCESS_ONLY = 'leaked';
    try {
      const ws = devcontainer({ image: IMAGE, runArgs: ['-e', 'BERTH_PIPELINE_CALLER', '-e', 'BERTH_PIPELINE_PROCESS_ONLY'] });
      const r = await up({ workspaceFolder: ws }, context(engine, { BERTH_PIPELINE_CALLER: 'caller' }));
      assert.ok(r.ok, r.ok ? '' : r.error.message);
      const env = engine.containers.get(r.value.containerId)!.spec.Env ?? [];
      assert.ok(env.includes('BERTH_PIPELINE_CALLER=caller'));
      assert.equal(env.some((e) => e.startsWith('BERTH_PIPELINE_PROCESS_ONLY=')), false);
    } finally {
      delete process.env.BERTH_PIPELINE_PROCESS_ONLY;
    }
  });

  test('one dispatch: image and Dockerfile configs go to the single provisioner, compose to its own', () => {
    assert.equal(provisionerFor({ kind: 'image', image: IMAGE }), provisionerFor({ kind: 'dockerfile', build: { dockerfile: '/d', context: '/' } }));
    assert.notEqual(provisionerFor({ kind: 'compose' }), provisionerFor({ kind: 'image', image: IMAGE }));
  });
});

describe('build', () => {
  test('a Dockerfile config builds through the same base stage as up', async () => {
    const engine = new MemoryEngine();
    const ws = devcontainer({ build: { dockerfile: 'Dockerfile' } }, { '.devcontainer/Dockerfile': 'FROM scratch\n' });
    const r = await build({ workspaceFolder: ws }, context(engine));
    assert.ok(r.ok, r.ok ? '' : r.error.message);
    assert.match(r.value.imageName, /^vsc-/);
    assert.deepEqual(engine.calls, [`build ${r.value.imageName}`]);
  });

  test('an image config without features touches no engine', async () => {
    const engine = new MemoryEngine();
    const r = await build({ workspaceFolder: devcontainer({ image: IMAGE }) }, context(engine));
    assert.deepEqual(r, { ok: true, value: { imageName: IMAGE } });
    assert.deepEqual(engine.calls, []);
  });
});

describe('the env probe and the first hook in one exec', () => {
  /** Answers as the user's shell would: its complaints, the dump between markers, then the command's output. */
  function shellAnswer(exitCode = 0) {
    return (e: { cmd: string[] }) => {
      const marker = e.cmd.find((a) => a.startsWith('berth-env-'));
      if (!marker) return {};
      return { exitCode, stdout: `banner\n${marker}HOME=/home/dev\0PATH=/opt/bin:/usr/bin\0SHLVL=2\0${marker}hook says hi\n`, stderr: `berth-pid 42\nbash: no job control in this shell\n${marker}hook warns\n` };
    };
  }

  test('the environment comes from the dump, the output is only the command\'s', async () => {
    const engine = new MemoryEngine();
    engine.answer = shellAnswer();
    let probed: Record<string, string> | undefined;
    const seen: string[] = [];
    const outcome = await probeAndRun(engine, 'c1', 'dev', ['-l', '-i'], { argv: ['/bin/sh', '-c', 'hook'], workdir: '/w', onOutput: (t) => seen.push(t) }, (env) => (probed = env));
    assert.deepEqual(probed, { HOME: '/home/dev', PATH: '/opt/bin:/usr/bin' });
    assert.deepEqual(outcome, { exitCode: 0, output: 'hook says hi\nhook warns\n' });
    assert.deepEqual(seen.sort(), ['hook says hi\n', 'hook warns\n']);
    assert.equal(engine.execs.length, 1);
    assert.deepEqual(engine.execs[0].cmd.slice(-3), ['/bin/sh', '-c', 'hook'], 'the command is an argument, never part of the script');
    assert.equal(engine.execs[0].user, 'dev');
  });

  test('a shell that never reaches the command leaves it to run on its own', async () => {
    const engine = new MemoryEngine();
    engine.answer = () => ({ exitCode: 127, stderr: 'berth-pid 42\nexec: no such shell\n' });
    const outcome = await probeAndRun(engine, 'c1', 'dev', ['-l'], { argv: ['true'], onOutput: () => undefined }, () => assert.fail('nothing was probed'));
    assert.equal(outcome, undefined);
  });

  test('a hook after one that the init process ran is the one that probes, in the same exec', async () => {
    const engine = new MemoryEngine();
    engine.answer = shellAnswer();
    const r = await up({ workspaceFolder: devcontainer({ image: IMAGE, containerEnv: { GREETING: 'hi' }, onCreateCommand: 'one', postCreateCommand: 'echo $GREETING' }) }, context(engine));
    assert.ok(r.ok, r.ok ? '' : r.error.message);
    assert.deepEqual(engine.execs.map((e) => e.inInit === true), [true, false]);
    assert.deepEqual(readState(r.value.containerId).remoteEnv, { HOME: '/home/dev', PATH: '/opt/bin:/usr/bin' });
  });
});

describe('the first create hook in the init process', () => {
  const initHook = (engine: MemoryEngine) => engine.execs.filter((e) => e.inInit).map((e) => e.cmd);

  test('a cold up with containerEnv and postCreateCommand spends no exec after the start', async () => {
    const engine = new MemoryEngine();
    engine.answer = () => ({ stdout: 'hi\n' });
    const ctx = context(engine);
    const r = await up({ workspaceFolder: devcontainer({ image: IMAGE, containerEnv: { GREETING: 'hi' }, postCreateCommand: 'echo $GREETING' }) }, ctx);
    assert.ok(r.ok, r.ok ? '' : r.error.message);
    assert.deepEqual(engine.execs.map((e) => [e.inInit, e.cmd, e.workdir]), [[true, ['/bin/sh', '-c', 'echo $GREETING'], r.value.remoteWorkspaceFolder]]);
    assert.ok(ctx.events.some((e) => e.phase === 'hook' && e.output === 'hi\n'), 'its output is progress, as from an exec');
    const state = readState(r.value.containerId);
    assert.deepEqual(state.createHooksDone, ['onCreateCommand', 'updateContentCommand', 'postCreateCommand']);
    assert.equal(state.remoteEnv, undefined, 'the environment is probed by the first exec or terminal, never read from the log');
  });

  test("its failure names the hook, its exit code and last output, and keeps the container; the next up retries it with an exec", async () => {
    const engine = new MemoryEngine();
    const ws = devcontainer({ image: IMAGE, postCreateCommand: 'npm install' });
    const failed = await failedThenRetried(engine, ws, () => ({ exitCode: 7, stderr: 'npm-install-broke\n' }));
    assert.match(failed.message, /^postCreateCommand failed with exit code 7; its last output:\n {4}npm-install-broke$/);
    assert.deepEqual(hooksRun(engine), ['npm install']);
    assert.equal(engine.execs.some((e) => e.inInit), false);
  });

  test('a restart does not run it again', async () => {
    const engine = new MemoryEngine();
    const ws = devcontainer({ image: IMAGE, postCreateCommand: 'two', postStartCommand: 'three' });
    const first = await up({ workspaceFolder: ws }, context(engine));
    assert.ok(first.ok);
    await engine.restartContainer(first.value.containerId);
    const again = await up({ workspaceFolder: ws }, context(engine));
    assert.ok(again.ok);
    assert.deepEqual(initHook(engine), [['/bin/sh', '-c', 'two']]);
    assert.deepEqual(hooksRun(engine), ['two', 'three', 'three'], 'postCreateCommand ran once, postStartCommand for each start');
  });

  test('an array hook runs as its argv, never through a shell line', async () => {
    const engine = new MemoryEngine();
    const r = await up({ workspaceFolder: devcontainer({ image: IMAGE, onCreateCommand: ['echo', '$(whoami); rm -rf /'] }) }, context(engine));
    assert.ok(r.ok);
    assert.deepEqual(initHook(engine), [['echo', '$(whoami); rm -rf /']]);
    const cmd = engine.containers.get(r.value.containerId)!.spec.Cmd!;
    assert.ok(!cmd[1].includes('whoami'), 'the script holds no config value');
  });

  const notInInit: [string, object][] = [
    ['parallel parts', { postCreateCommand: { a: 'one', b: 'two' } }],
    ['a remoteUser the init process is not', { remoteUser: 'dev', postCreateCommand: 'two' }],
    ['remoteEnv to add', { remoteEnv: { A: '1' }, postCreateCommand: 'two' }],
    ['no probe', { userEnvProbe: 'none', postCreateCommand: 'two' }],
    ['overrideCommand false', { overrideCommand: false, postCreateCommand: 'two' }],
    ['an --entrypoint in runArgs', { runArgs: ['--entrypoint', '/bin/bash'], postCreateCommand: 'two' }],
    ['a log driver in runArgs', { runArgs: ['--log-driver', 'none'], postCreateCommand: 'two' }],
    ['a TTY from runArgs', { runArgs: ['-t'], postCreateCommand: 'two' }],
  ];
  for (const [what, config] of notInInit) {
    test(`not with ${what}: the container keeps the keep-alive and the hook runs through an exec`, async () => {
      const engine = new MemoryEngine();
      const r = await up({ workspaceFolder: devcontainer({ image: IMAGE, ...config }) }, context(engine));
      assert.ok(r.ok, r.ok ? '' : r.error.message);
      assert.deepEqual(initHook(engine), []);
      assert.ok(!(engine.containers.get(r.value.containerId)!.spec.Cmd ?? []).includes('berth-init'));
      assert.ok(engine.execs.length > 0);
    });
  }
});
