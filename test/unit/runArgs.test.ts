import assert from 'node:assert/strict';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { translateRunArgs, type RunOptions } from '../../runtime-helper/engine/runArgs';

function run(args: string[], env: NodeJS.ProcessEnv = {}, baseDir = '/'): RunOptions {
  const r = translateRunArgs(args, { baseDir, env });
  if (!r.ok) assert.fail(r.error.message);
  return r.value;
}

function refused(args: string[]) {
  const r = translateRunArgs(args, { baseDir: '/', env: {} });
  assert.equal(r.ok, false);
  return (r as { error: { message: string; property?: string } }).error;
}

describe('runArgs', () => {
  test('environment: -e, --env=, bare names from the host, --env-file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'berth-envfile-'));
    writeFileSync(join(dir, 'dev.env'), '# comment\nFILE_A=1\n\nFROM_HOST\n');
    const o = run(['-e', 'A=1', '--env=B=2', '--env', 'HOSTVAR', '--env-file', 'dev.env'], { HOSTVAR: 'h', FROM_HOST: 'x' }, dir);
    assert.deepEqual(o.Env, ['A=1', 'B=2', 'HOSTVAR=h', 'FILE_A=1', 'FROM_HOST=x']);
  });

  test('a missing --env-file names the file', () => {
    assert.match(refused(['--env-file', 'nope.env']).message, /env file \/nope\.env cannot be read/);
  });

  test('mounts: -v bind and volume, --mount', () => {
    const o = run(['-v', '/host:/c:ro', '--volume=cache:/cache', '--mount', 'type=tmpfs,target=/t']);
    assert.deepEqual(o.HostConfig.Mounts, [
      { Type: 'bind', Source: '/host', Target: '/c', ReadOnly: true },
      { Type: 'volume', Source: 'cache', Target: '/cache', ReadOnly: false },
      { Type: 'tmpfs', Target: '/t' },
    ]);
  });

  test('ports: -p publishes on 127.0.0.1 unless an address is given', () => {
    const o = run(['-p', '8080:80', '-p3000', '--publish=0.0.0.0:9000:9000/udp']);
    assert.deepEqual(o.HostConfig.PortBindings, {
      '80/tcp': [{ HostIp: '127.0.0.1', HostPort: '8080' }],
      '3000/tcp': [{ HostIp: '127.0.0.1', HostPort: '' }],
      '9000/udp': [{ HostIp: '0.0.0.0', HostPort: '9000' }],
    });
    assert.deepEqual(Object.keys(o.ExposedPorts), ['80/tcp', '3000/tcp', '9000/udp']);
  });

  test('privileges', () => {
    const o = run(['--cap-add=SYS_PTRACE', '--cap-drop', 'NET_RAW', '--security-opt', 'seccomp=unconfined', '--privileged', '--init']);
    assert.deepEqual(o.HostConfig.CapAdd, ['SYS_PTRACE']);
    assert.deepEqual(o.HostConfig.CapDrop, ['NET_RAW']);
    assert.deepEqual(o.HostConfig.SecurityOpt, ['seccomp=unconfined']);
    assert.equal(o.HostConfig.Privileged, true);
    assert.equal(o.HostConfig.Init, true);
  });

  test('network and identity', () => {
    const o = run(['--network=host', '--name', 'dev', '-l', 'team=a', '--label', 'flag', '-h', 'box', '--add-host', 'db:10.0.0.2', '-u', '1000:1000', '-w', '/src']);
    assert.equal(o.HostConfig.NetworkMode, 'host');
    assert.equal(o.name, 'dev');
    assert.deepEqual(o.Labels, { team: 'a', flag: '' });
    assert.equal(o.Hostname, 'box');
    assert.deepEqual(o.HostConfig.ExtraHosts, ['db:10.0.0.2']);
    assert.equal(o.User, '1000:1000');
    assert.equal(o.WorkingDir, '/src');
    assert.equal(run(['--net', 'none']).HostConfig.NetworkMode, 'none');
  });

  test('resources', () => {
    const o = run(['--shm-size=1g', '--device', '/dev/fuse', '--ulimit', 'nofile=1024:2048', '-m', '512m', '--cpus', '1.5', '--pids-limit', '100']);
    assert.equal(o.HostConfig.ShmSize, 1024 ** 3);
    assert.deepEqual(o.HostConfig.Devices, [{ PathOnHost: '/dev/fuse', PathInContainer: '/dev/fuse', CgroupPermissions: 'rwm' }]);
    assert.deepEqual(o.HostConfig.Ulimits, [{ Name: 'nofile', Soft: 1024, Hard: 2048 }]);
    assert.equal(o.HostConfig.Memory, 512 * 1024 ** 2);
    assert.equal(o.HostConfig.NanoCpus, 1.5e9);
    assert.equal(o.HostConfig.PidsLimit, 100);
  });

  test('--entrypoint', () => {
    assert.deepEqual(run(['--entrypoint', '/bin/bash']).Entrypoint, ['/bin/bash']);
  });

  test('an unknown flag is an error naming it and its index', () => {
    const e = refused(['--init', '--gpus', 'all']);
    assert.equal(e.property, 'runArgs.1');
    assert.match(e.message, /unknown or unsupported docker run flag "--gpus"/);
  });

  test('a flag without its value, or a bad value, is an error', () => {
    assert.match(refused(['--name']).message, /needs a value/);
    assert.match(refused(['--memory', 'lots']).message, /"lots" is not a valid value/);
    assert.match(refused(['ubuntu']).message, /not a docker run flag/);
    assert.match(refused(['-p', '80:http']).message, /not a port number/);
  });
});
