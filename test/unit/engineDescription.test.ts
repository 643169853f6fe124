// How Berth decides what an engine is and whether container addresses are reachable from here,
// on /version and /info answers recorded from each kind of engine (test/fixtures/engines/answers.json).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { describeEngine, type EngineDescription, type EngineTransport, type InfoAnswer, type VersionAnswer } from '../../runtime-helper/engine/engineDescription';

const answers: Record<string, { version: VersionAnswer; info: InfoAnswer }> = JSON.parse(readFileSync(join(__dirname, '../fixtures/engines/answers.json'), 'utf8'));

function described(name: string, transport: EngineTransport, platform: NodeJS.Platform = 'linux'): EngineDescription {
  const a = answers[name];
  assert.ok(a, `no recorded answers for ${name}`);
  return describeEngine(transport, a.version, a.info, platform);
}

const unix = (socketPath: string): EngineTransport => ({ kind: 'unix', socketPath });

describe('engine description', () => {
  const cases: [string, string, EngineTransport, NodeJS.Platform, Partial<EngineDescription>][] = [
    ['Docker on this Linux host', 'debian-docker.io-20.10', unix('/var/run/docker.sock'), 'linux', { flavour: 'docker', isLocal: true, sharesKernel: true, reachesContainerAddresses: true, rootless: false }],
    ['Docker over ssh://', 'debian-docker.io-20.10', { kind: 'ssh', host: 'build-box' }, 'linux', { flavour: 'docker', isLocal: false, sharesKernel: false, reachesContainerAddresses: false }],
    ['Docker over tcp:// to another machine', 'debian-docker.io-20.10', { kind: 'tcp', host: '10.0.0.7' }, 'linux', { isLocal: false, reachesContainerAddresses: false }],
    ['Docker over tcp:// on loopback', 'debian-docker.io-20.10', { kind: 'tcp', host: '127.0.0.1' }, 'linux', { isLocal: true, reachesContainerAddresses: true }],
    ['Docker Desktop on macOS', 'docker-desktop-4.25-macos', unix('/Users/ann/.docker/run/docker.sock'), 'darwin', { flavour: 'docker', isLocal: true, sharesKernel: false, reachesContainerAddresses: false }],
    ['Docker Desktop on Windows (WSL socket)', 'docker-desktop-4.25-macos', unix('/var/run/docker.sock'), 'win32', { isLocal: true, reachesContainerAddresses: false }],
    ['Docker Desktop on Linux, told by its /info', 'docker-desktop-4.25-macos', unix('/var/run/docker.sock'), 'linux', { sharesKernel: false, reachesContainerAddresses: false }],
    ['Colima on macOS', 'colima-0.6-docker', unix('/Users/ann/.colima/default/docker.sock'), 'darwin', { flavour: 'docker', reachesContainerAddresses: false }],
    ['Colima on Linux, told by its socket', 'colima-0.6-docker', unix('/home/ann/.colima/default/docker.sock'), 'linux', { isLocal: true, sharesKernel: false, reachesContainerAddresses: false }],
    ['rootless Docker', 'docker-ce-24-rootless', unix('/run/user/1000/docker.sock'), 'linux', { flavour: 'docker', rootless: true, sharesKernel: true, reachesContainerAddresses: false }],
    ['rootful Podman', 'podman-4.3.1-rootful', unix('/run/podman/podman.sock'), 'linux', { flavour: 'podman', rootless: false, sharesKernel: true, reachesContainerAddresses: true }],
    ['rootless Podman (slirp4netns)', 'podman-4.3.1-rootless', unix('/run/user/1000/podman/podman.sock'), 'linux', { flavour: 'podman', rootless: true, sharesKernel: true, reachesContainerAddresses: false }],
    ['Podman over ssh://', 'podman-4.3.1-rootful', { kind: 'ssh', host: 'pod-box' }, 'linux', { flavour: 'podman', isLocal: false, reachesContainerAddresses: false }],
  ];
  for (const [title, recorded, transport, platform, expected] of cases) {
    test(title, () => {
      const d = described(recorded, transport, platform);
      assert.deepEqual(Object.fromEntries(Object.keys(expected).map((k) => [k, d[k as keyof EngineDescription]])), expected);
    });
  }

  test('an answer without the optional fields is Docker, and nothing is assumed reachable that is not local', () => {
    assert.deepEqual(describeEngine({ kind: 'tcp', host: 'example.org' }, {}, { SecurityOptions: null }, 'linux'), {
      flavour: 'docker',
      isLocal: false,
      sharesKernel: false,
      reachesContainerAddresses: false,
      rootless: false,
    });
  });
});
