// Podman's differences, applied in one adapter from the engine's description: SELinux labels off,
// keep-id only on rootless Podman (rootful refuses it, where the devcontainer CLI's `up` fails),
// Podman-only refusals named as Podman's with their fix, container states as Docker spells them,
// and where Podman's sockets are looked for.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import type { ContainerPlan } from '../../runtime-helper/engine/createContainer';
import { Engines } from '../../runtime-helper/daemon/engines';
import { localSockets, resolveEngine } from '../../runtime-helper/engine/docker';
import type { ContainerSummary, HostConfig } from '../../runtime-helper/engine/engine';
import type { EngineDescription } from '../../runtime-helper/engine/engineDescription';
import { adaptCreateOptions, dockerEventAction, podmanRefusal, withDockerStates } from '../../runtime-helper/engine/podmanAdapter';
import { fail } from '../../runtime-helper/util/result';

const local = { isLocal: true, sharesKernel: true };
const docker: EngineDescription = { ...local, flavour: 'docker', reachesContainerAddresses: true, rootless: false };
const rootful: EngineDescription = { ...local, flavour: 'podman', reachesContainerAddresses: true, rootless: false };
const rootless: EngineDescription = { ...local, flavour: 'podman', reachesContainerAddresses: false, rootless: true };

function plan(hostConfig: HostConfig = {}, origins: ContainerPlan['origins'] = []): ContainerPlan {
  return { options: { Image: 'img', HostConfig: { SecurityOpt: [], ...hostConfig } }, origins };
}

describe('podman adapter: create options', () => {
  test('Docker gets the options unchanged', () => {
    const p = plan({ UsernsMode: 'host' });
    assert.deepEqual(adaptCreateOptions(docker, p, 'dev'), { plan: p, notes: [] });
  });

  test('Podman gets label=disable, unless the config sets its own label option', () => {
    assert.deepEqual(adaptCreateOptions(rootful, plan({ SecurityOpt: ['seccomp=unconfined'] }), 'dev').plan.options.HostConfig?.SecurityOpt, ['seccomp=unconfined', 'label=disable']);
    assert.deepEqual(adaptCreateOptions(rootful, plan({ SecurityOpt: ['label=type:container_runtime_t'] }), 'dev').plan.options.HostConfig?.SecurityOpt, ['label=type:container_runtime_t']);
  });

  test('rootless Podman maps the user in with keep-id for a non-root remoteUser, traced to remoteUser', () => {
    const a = adaptCreateOptions(rootless, plan(), 'dev');
    assert.equal(a.plan.options.HostConfig?.UsernsMode, 'keep-id');
    assert.equal(a.plan.origins.at(-1)?.property, 'remoteUser');
    assert.match(a.notes.join('\n'), /--userns=keep-id: rootless Podman maps your user ID/);
    for (const user of ['root', '0', '0:0']) assert.equal(adaptCreateOptions(rootless, plan(), user).plan.options.HostConfig?.UsernsMode, undefined, user);
    assert.equal(adaptCreateOptions(rootless, plan({ UsernsMode: 'host' }), 'dev').plan.options.HostConfig?.UsernsMode, 'host');
  });

  test('rootful Podman never gets keep-id: the one from runArgs is left out and the note names it', () => {
    assert.equal(adaptCreateOptions(rootful, plan(), 'dev').plan.options.HostConfig?.UsernsMode, undefined);
    const a = adaptCreateOptions(rootful, plan({ UsernsMode: 'keep-id:uid=1000' }, [{ option: 'HostConfig.UsernsMode', property: 'runArgs.0', label: '--userns=keep-id:uid=1000' }]), 'dev');
    assert.equal(a.plan.options.HostConfig?.UsernsMode, undefined);
    assert.match(a.notes.join('\n'), /^--userns=keep-id:uid=1000 is left out: rootful Podman refuses keep-id/);
  });
});

describe('podman adapter: bind mounts', () => {
  const bind = (Source: string, Target = '/w', more: object = {}) => ({ Type: 'bind' as const, Source, Target, ...more });
  const here = process.cwd();

  test('a path with a comma goes as a Binds entry, which Podman does not split; other mounts stay', () => {
    const odd = join(mkdtempSync(join(tmpdir(), 'berth-podman-')), 'proj,src=/etc');
    mkdirSync(odd, { recursive: true });
    const a = adaptCreateOptions(rootful, plan({ Mounts: [bind(here), bind(odd, '/x,y', { ReadOnly: true, BindOptions: { Propagation: 'rslave' } })] }), 'dev');
    assert.equal(a.plan.refusal, undefined);
    assert.deepEqual(a.plan.options.HostConfig?.Mounts, [bind(here)]);
    assert.deepEqual(a.plan.options.HostConfig?.Binds, [`${odd}:/x,y:ro,rslave`]);
  });

  test('a bind source that does not exist is refused in Docker\'s words (Podman would create it); not on a remote engine', () => {
    assert.equal(adaptCreateOptions(rootful, plan({ Mounts: [bind('/nonexistent/berth-src')] }), 'dev').plan.refusal, 'invalid mount config for type "bind": bind source path does not exist: /nonexistent/berth-src');
    assert.equal(adaptCreateOptions({ ...rootful, isLocal: false }, plan({ Mounts: [bind('/nonexistent/berth-src')] }), 'dev').plan.refusal, undefined);
    assert.equal(adaptCreateOptions(docker, plan({ Mounts: [bind('/nonexistent/berth-src')] }), 'dev').plan.refusal, undefined);
  });

  test('a path with both "," and ":" fits neither form, and is refused naming it', () => {
    assert.match(adaptCreateOptions(rootful, plan({ Mounts: [bind(here, '/a,b:c')] }), 'dev').plan.refusal ?? '', /both "," and ":"/);
  });
});

describe('podman adapter: refusals', () => {
  const unexplained = fail({ message: 'the engine refused the container: crun: error setting rlimit type 7: Operation not permitted: OCI permission denied', fix: 'Check runArgs…' });

  test("an rlimit refusal no config entry explains is Podman's containers.conf, and says so", () => {
    const r = podmanRefusal(rootful, unexplained);
    assert.equal(r.ok, false);
    assert.match(!r.ok ? r.error.message : '', /^Podman: the engine refused the container: crun: error setting rlimit/);
    assert.match(!r.ok ? r.error.fix ?? '' : '', /default_ulimits .* containers\.conf/);
  });

  test('missing catatonit and slirp4netns without /dev/net/tun get their fixes', () => {
    const catatonit = podmanRefusal(rootful, fail({ message: 'the engine refused the container: stat /usr/libexec/podman/catatonit: no such file or directory' }));
    assert.match(!catatonit.ok ? catatonit.error.fix ?? '' : '', /apt-get install catatonit/);
    const tun = podmanRefusal(rootless, fail({ message: 'the engine refused the container: slirp4netns failed: open("/dev/net/tun"): No such device' }));
    assert.match(!tun.ok ? tun.error.fix ?? '' : '', /--network=host/);
  });

  test('Docker, refusals a config entry explains, and unknown ones are left as they are', () => {
    assert.deepEqual(podmanRefusal(docker, unexplained), unexplained);
    const explained = fail({ file: '/ws/.devcontainer/devcontainer.json', line: 3, column: 5, property: 'runArgs.0', message: 'the engine refused the container because of --ulimit nofile=1:2 (runArgs.0): error setting rlimit', fix: 'Change or remove --ulimit' });
    assert.deepEqual(podmanRefusal(rootful, explained), explained);
    const other = fail({ message: 'the engine refused the container: something else' });
    assert.deepEqual(podmanRefusal(rootful, other), other);
  });
});

describe('podman adapter: answers and sockets', () => {
  test("events say `destroy` (images: `delete`) where Podman's say `remove`; other words pass", () => {
    assert.deepEqual(
      [['container', 'remove'], ['volume', 'remove'], ['image', 'remove'], ['container', 'die'], ['container', 'destroy']].map(([t, a]) => dockerEventAction(t, a)),
      ['destroy', 'destroy', 'delete', 'die', 'destroy'],
    );
  });

  test("container states as Docker spells them, whichever engine answered", () => {
    const listed = withDockerStates([{ State: 'Running' }, { State: 'exited' }] as ContainerSummary[]);
    assert.deepEqual(listed.map((c) => c.State), ['running', 'exited']);
  });

  test('rootless sockets are looked for in XDG_RUNTIME_DIR, else /run/user/UID; rootful Podman last', () => {
    assert.deepEqual(localSockets({ XDG_RUNTIME_DIR: '/run/user/1000' }, 1000), ['/var/run/docker.sock', '/run/user/1000/docker.sock', '/run/user/1000/podman/podman.sock', '/run/podman/podman.sock']);
    assert.deepEqual(localSockets({}, 1001), ['/var/run/docker.sock', '/run/user/1001/docker.sock', '/run/user/1001/podman/podman.sock', '/run/podman/podman.sock']);
    assert.deepEqual(localSockets({}, 0), ['/var/run/docker.sock', '/run/podman/podman.sock']);
  });

  test("Podman's CONTAINER_HOST is used when neither DOCKER_HOST nor a docker context names an engine", () => {
    const e = resolveEngine({ CONTAINER_HOST: 'unix:///run/user/1000/podman/podman.sock', DOCKER_CONFIG: '/nonexistent' });
    assert.deepEqual(e.transport, { kind: 'unix', socketPath: '/run/user/1000/podman/podman.sock' });
    assert.equal(e.where, 'CONTAINER_HOST unix:///run/user/1000/podman/podman.sock');
    assert.equal(resolveEngine({ CONTAINER_HOST: 'unix:///p.sock', DOCKER_HOST: 'unix:///d.sock' }).where, 'unix:///d.sock');
  });

  test('the shared helper gives callers with different CONTAINER_HOSTs different engines', () => {
    const engines = new Engines();
    const [a, b] = ['unix:///run/user/1000/podman/podman.sock', 'unix:///run/user/1001/podman/podman.sock'].map((h) => engines.for({ CONTAINER_HOST: h, DOCKER_CONFIG: '/nonexistent' }).description);
    assert.notEqual(a, b);
  });
});
