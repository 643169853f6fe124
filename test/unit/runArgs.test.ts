import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { RUN_FLAGS, translateRunArgs, type RunOptions } from '../../runtime-helper/engine/runArgs';

function run(args: string[], env: NodeJS.ProcessEnv = {}, baseDir = '/'): RunOptions {
  const r = translateRunArgs(args, { baseDir, env });
  if (!r.ok) assert.fail(r.error.message);
  return r.value.options;
}

function refused(args: string[]) {
  const r = translateRunArgs(args, { baseDir: '/', env: {} });
  assert.equal(r.ok, false, `${args.join(' ')} was accepted`);
  return (r as { error: { message: string; property?: string } }).error;
}

/** `actual` cut down to the keys `expected` has, so a table row states only what its flag sets. */
function pick(actual: unknown, expected: unknown): unknown {
  if (!expected || typeof expected !== 'object' || Array.isArray(expected) || !actual || typeof actual !== 'object') return actual;
  return Object.fromEntries(Object.keys(expected).map((k) => [k, pick((actual as Record<string, unknown>)[k], (expected as Record<string, unknown>)[k])]));
}

const GiB = 1024 ** 3;
const MiB = 1024 ** 2;

/** Each docker run flag and where it lands in the create options (a partial match of them). */
const TABLE: [string[], object][] = [
  [['--ipc=host'], { HostConfig: { IpcMode: 'host' } }],
  [['--pid', 'host'], { HostConfig: { PidMode: 'host' } }],
  [['--uts=host'], { HostConfig: { UTSMode: 'host' } }],
  [['--userns=host'], { HostConfig: { UsernsMode: 'host' } }],
  [['--cgroupns', 'private'], { HostConfig: { CgroupnsMode: 'private' } }],
  [['--cgroup-parent=/dev'], { HostConfig: { CgroupParent: '/dev' } }],
  [['--group-add', 'audio', '--group-add=1001'], { HostConfig: { GroupAdd: ['audio', '1001'] } }],
  [['--tmpfs', '/run', '--tmpfs=/cache:rw,size=64m'], { HostConfig: { Tmpfs: { '/run': '', '/cache': 'rw,size=64m' } } }],
  [['--sysctl', 'net.ipv4.ip_forward=1'], { HostConfig: { Sysctls: { 'net.ipv4.ip_forward': '1' } } }],
  [['--gpus', 'all'], { HostConfig: { DeviceRequests: [{ Driver: '', Count: -1, DeviceIDs: [], Capabilities: [['gpu']], Options: {} }] } }],
  [['--gpus', '"device=0,2",capabilities=compute'], { HostConfig: { DeviceRequests: [{ Driver: '', Count: 0, DeviceIDs: ['0', '2'], Capabilities: [['compute', 'gpu']], Options: {} }] } }],
  [['--device-cgroup-rule', 'c 1:3 mr'], { HostConfig: { DeviceCgroupRules: ['c 1:3 mr'] } }],
  [['--runtime=runc'], { HostConfig: { Runtime: 'runc' } }],
  [['--platform', 'linux/amd64'], { platform: 'linux/amd64' }],
  [['--stop-signal=SIGINT', '--stop-timeout', '5'], { StopSignal: 'SIGINT', StopTimeout: 5 }],
  [['--health-cmd', 'curl -f localhost', '--health-interval=1m30s', '--health-timeout', '500ms', '--health-start-period=2s', '--health-retries', '3'], { Healthcheck: { Test: ['CMD-SHELL', 'curl -f localhost'], Interval: 90e9, Timeout: 500e6, StartPeriod: 2e9, Retries: 3 } }],
  [['--no-healthcheck'], { Healthcheck: { Test: ['NONE'] } }],
  [['--log-driver', 'json-file', '--log-opt', 'max-size=10m', '--log-opt=max-file=3'], { HostConfig: { LogConfig: { Type: 'json-file', Config: { 'max-size': '10m', 'max-file': '3' } } } }],
  [['--dns', '1.1.1.1', '--dns-search=corp', '--dns-option', 'ndots:2', '--dns-opt=rotate'], { HostConfig: { Dns: ['1.1.1.1'], DnsSearch: ['corp'], DnsOptions: ['ndots:2', 'rotate'] } }],
  [['--read-only'], { HostConfig: { ReadonlyRootfs: true } }],
  [['--read-only=false'], { HostConfig: { ReadonlyRootfs: false } }],
  [['--restart', 'on-failure:3'], { HostConfig: { RestartPolicy: { Name: 'on-failure', MaximumRetryCount: 3 } } }],
  [['--restart=unless-stopped'], { HostConfig: { RestartPolicy: { Name: 'unless-stopped' } } }],
  [['--oom-kill-disable', '--oom-score-adj=-500'], { HostConfig: { OomKillDisable: true, OomScoreAdj: -500 } }],
  [['--cpus', '1.5', '-c', '512', '--cpu-period=100000', '--cpu-quota', '50000', '--cpuset-cpus=0-1', '--cpuset-mems', '0', '--cpu-rt-period=1000', '--cpu-rt-runtime=950'], { HostConfig: { NanoCpus: 1.5e9, CpuShares: 512, CpuPeriod: 100000, CpuQuota: 50000, CpusetCpus: '0-1', CpusetMems: '0', CpuRealtimePeriod: 1000, CpuRealtimeRuntime: 950 } }],
  [['-m', '512m', '--memory-reservation=256M', '--memory-swap', '-1', '--memory-swappiness=10', '--kernel-memory', '1g'], { HostConfig: { Memory: 512 * MiB, MemoryReservation: 256 * MiB, MemorySwap: -1, MemorySwappiness: 10, KernelMemory: GiB } }],
  [['--memory=1.5GiB'], { HostConfig: { Memory: 1.5 * GiB } }],
  [['--blkio-weight', '300', '--blkio-weight-device=/dev/sda:200', '--device-read-bps', '/dev/sda:1mb', '--device-write-iops=/dev/sda:100'], { HostConfig: { BlkioWeight: 300, BlkioWeightDevice: [{ Path: '/dev/sda', Weight: 200 }], BlkioDeviceReadBps: [{ Path: '/dev/sda', Rate: MiB }], BlkioDeviceWriteIOps: [{ Path: '/dev/sda', Rate: 100 }] } }],
  [['--ulimit', 'nofile=1024:2048', '--ulimit=core=-1'], { HostConfig: { Ulimits: [{ Name: 'nofile', Soft: 1024, Hard: 2048 }, { Name: 'core', Soft: -1, Hard: -1 }] } }],
  [['--shm-size=1g'], { HostConfig: { ShmSize: GiB } }],
  [['--add-host', 'db:10.0.0.2', '--add-host=v6:[::1]', '--add-host', 'gw=host-gateway'], { HostConfig: { ExtraHosts: ['db:10.0.0.2', 'v6:::1', 'gw:host-gateway'] } }],
  [['--device', '/dev/fuse', '--device=/dev/a:/dev/b', '--device', '/dev/c:r'], { HostConfig: { Devices: [{ PathOnHost: '/dev/fuse', PathInContainer: '/dev/fuse', CgroupPermissions: 'rwm' }, { PathOnHost: '/dev/a', PathInContainer: '/dev/b', CgroupPermissions: 'rwm' }, { PathOnHost: '/dev/c', PathInContainer: '/dev/c', CgroupPermissions: 'r' }] } }],
  [['-l', 'team=a', '--label', 'flag', '--label=x=y=z'], { Labels: { team: 'a', flag: '', x: 'y=z' } }],
  [['-h', 'box', '--hostname=box2', '--domainname', 'corp'], { Hostname: 'box2', Domainname: 'corp' }],
  [['--mac-address=92:d0:c6:0a:29:33'], { MacAddress: '92:d0:c6:0a:29:33' }],
  [['--link', 'db', '--link=cache:c'], { HostConfig: { Links: ['db:db', 'cache:c'] } }],
  [['--volumes-from', 'data:ro', '--volume-driver=local'], { HostConfig: { VolumesFrom: ['data:ro'], VolumeDriver: 'local' } }],
  [['--pids-limit', '100', '--isolation=default', '--storage-opt', 'size=10G'], { HostConfig: { PidsLimit: 100, Isolation: 'default', StorageOpt: { size: '10G' } } }],
  [['--init', '--privileged', '--rm'], { HostConfig: { Init: true, Privileged: true, AutoRemove: true } }],
  [['--cap-add=SYS_PTRACE', '--cap-drop', 'NET_RAW', '--security-opt', 'seccomp=unconfined'], { HostConfig: { CapAdd: ['SYS_PTRACE'], CapDrop: ['NET_RAW'], SecurityOpt: ['seccomp=unconfined'] } }],
  [['--expose', '80', '--expose=8000-8002/udp'], { ExposedPorts: { '80/tcp': {}, '8000/udp': {}, '8001/udp': {}, '8002/udp': {} } }],
  [['-P'], { HostConfig: { PublishAllPorts: true } }],
  [['--network=mynet', '--network-alias', 'api', '--ip', '172.30.0.5', '--ip6=fd00::5'], { HostConfig: { NetworkMode: 'mynet' }, NetworkingConfig: { EndpointsConfig: { mynet: { Aliases: ['api'], IPAMConfig: { IPv4Address: '172.30.0.5', IPv6Address: 'fd00::5' } } } } }],
  [['--network', 'name=mynet,alias=web'], { HostConfig: { NetworkMode: 'mynet' }, NetworkingConfig: { EndpointsConfig: { mynet: { Aliases: ['web'] } } } }],
  [['--net', 'none'], { HostConfig: { NetworkMode: 'none' } }],
  [['--entrypoint', '/bin/bash', '-w', '/src', '-u', '1000:1000', '--name', 'dev'], { Entrypoint: ['/bin/bash'], WorkingDir: '/src', User: '1000:1000', name: 'dev' }],
  [['--entrypoint='], { Entrypoint: [''] }],
  [['-it'], { OpenStdin: true, Tty: true }],
  [['-dit', '--rm=false'], { OpenStdin: true, Tty: true, HostConfig: { AutoRemove: false } }],
  [['-p8080:80', '-ep=1', '-e=q=2'], { HostConfig: { PortBindings: { '80/tcp': [{ HostIp: '127.0.0.1', HostPort: '8080' }] } }, Env: ['p=1', 'q=2'] }],
  [['-itp', '3000'], { Tty: true, OpenStdin: true, ExposedPorts: { '3000/tcp': {} } }],
  [['--annotation', 'a=b'], { HostConfig: { Annotations: { a: 'b' } } }],
];

describe('runArgs: every docker run flag lands in the create options', () => {
  for (const [args, expected] of TABLE) {
    test(args.join(' '), () => assert.deepEqual(pick(run(args), expected), expected));
  }

  test('the docker client\'s own flags are accepted and change nothing', () => {
    const o = run(['-d', '--attach', 'stdout', '--detach-keys=ctrl-x', '--sig-proxy=false', '--pull', 'always', '-q', '--disable-content-trust', '--cidfile', '/tmp/x']);
    assert.deepEqual(o, { Env: [], Labels: {}, ExposedPorts: {}, HostConfig: { Mounts: [], PortBindings: {} } });
  });

  test('the table has every flag of `docker run --help` (docker 28)', () => {
    const help = `add-host annotation attach blkio-weight blkio-weight-device cap-add cap-drop cgroup-parent cgroupns cidfile cpu-period cpu-quota cpu-rt-period cpu-rt-runtime cpu-shares cpus cpuset-cpus cpuset-mems detach detach-keys device device-cgroup-rule device-read-bps device-read-iops device-write-bps device-write-iops disable-content-trust dns dns-option dns-search domainname entrypoint env env-file expose gpus group-add health-cmd health-interval health-retries health-start-period health-timeout help hostname init interactive ip ip6 ipc isolation kernel-memory label label-file link link-local-ip log-driver log-opt mac-address memory memory-reservation memory-swap memory-swappiness mount name network network-alias no-healthcheck oom-kill-disable oom-score-adj pid pids-limit platform privileged publish publish-all pull quiet read-only restart rm runtime security-opt shm-size sig-proxy stop-signal stop-timeout storage-opt sysctl tmpfs tty ulimit use-api-socket user userns uts volume volume-driver volumes-from workdir`;
    assert.deepEqual(help.split(' ').filter((f) => !RUN_FLAGS.includes(f)), []);
  });

  test('environment: -e, --env=, bare names from the caller, --env-file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'berth-envfile-'));
    writeFileSync(join(dir, 'dev.env'), '# comment\nFILE_A=1\n\nFROM_HOST\nUNSET_HERE\n');
    const o = run(['-e', 'A=1', '--env=B=2', '--env', 'HOSTVAR', '--env-file', 'dev.env', '-e', 'NOT_SET'], { HOSTVAR: 'h', FROM_HOST: 'x' }, dir);
    // A name the caller has not set stays bare, which the engine reads as "unset", as with docker.
    assert.deepEqual(o.Env, ['A=1', 'B=2', 'HOSTVAR=h', 'FILE_A=1', 'FROM_HOST=x', 'UNSET_HERE', 'NOT_SET']);
  });

  test('--label-file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'berth-labelfile-'));
    writeFileSync(join(dir, 'labels'), 'a=1\n# c\nb\n');
    assert.deepEqual(run(['--label-file', 'labels'], {}, dir).Labels, { a: '1', b: '' });
  });

  test('mounts: -v bind and volume, --mount with a quoted field', () => {
    const o = run(['-v', '/host:/c:ro', '--volume=cache:/cache', '--mount', 'type=tmpfs,target=/t', '--mount', 'type=bind,"source=/a,b",target=/ab']);
    assert.deepEqual(o.HostConfig.Mounts, [
      { Type: 'bind', Source: '/host', Target: '/c', ReadOnly: true },
      { Type: 'volume', Source: 'cache', Target: '/cache', ReadOnly: false },
      { Type: 'tmpfs', Source: '', Target: '/t' },
      { Type: 'bind', Source: '/a,b', Target: '/ab' },
    ]);
  });

  test('ports: -p publishes on 127.0.0.1 unless an address is given', () => {
    const o = run(['-p', '8080:80', '-p3000', '--publish=0.0.0.0:9000:9000/udp']);
    assert.deepEqual(o.HostConfig.PortBindings, {
      '80/tcp': [{ HostIp: '127.0.0.1', HostPort: '8080' }],
      '3000/tcp': [{ HostIp: '127.0.0.1', HostPort: '' }],
      '9000/udp': [{ HostIp: '0.0.0.0', HostPort: '9000' }],
    });
  });

  test('each option remembers the runArgs entry that set it', () => {
    const r = translateRunArgs(['--init', '--ulimit', 'nofile=5:5', '--ipc=host'], { baseDir: '/', env: {} });
    assert.ok(r.ok);
    assert.deepEqual(r.value.origins, [
      { option: 'HostConfig.Init', property: 'runArgs.0', label: '--init' },
      { option: 'HostConfig.Ulimits', property: 'runArgs.1', label: '--ulimit nofile=5:5', value: 'nofile=5:5' },
      { option: 'HostConfig.IpcMode', property: 'runArgs.3', label: '--ipc=host', value: 'host' },
    ]);
  });

  test('only a flag docker run does not have is an error, naming it and its index', () => {
    const e = refused(['--init', '--gpus', 'all', '--frobnicate']);
    assert.equal(e.property, 'runArgs.3');
    assert.match(e.message, /"--frobnicate" is not a docker run flag/);
    assert.equal(refused(['-itZ']).property, 'runArgs.0');
    assert.match(refused(['-itZ']).message, /"-Z" \(in "-itZ"\) is not a docker run flag/);
  });

  test('a flag without its value, or a bad value, is an error naming the value', () => {
    assert.match(refused(['--name']).message, /needs a value/);
    assert.match(refused(['--memory', 'lots']).message, /"lots" is not a size such as 512m or 2g/);
    assert.match(refused(['--health-interval', '5']).message, /"5" is not a duration/);
    assert.match(refused(['--cpus', 'two']).message, /"two" is not a number of CPUs/);
    assert.match(refused(['--restart', 'sometimes']).message, /"sometimes" is not no, always/);
    assert.match(refused(['--sysctl', 'noequals']).message, /"noequals" is not KEY=VALUE/);
    assert.match(refused(['--privileged=maybe']).message, /switch; "maybe" is not true or false/);
    assert.match(refused(['ubuntu']).message, /not a docker run flag/);
    assert.match(refused(['-p', '80:http']).message, /not a port number/);
    assert.match(refused(['-v', '/a:b:/c:/d']).message, /a path with ":" cannot be written with -v/);
    assert.match(refused(['--env-file', 'nope.env']).message, /the file \/nope\.env cannot be read/);
  });
});
