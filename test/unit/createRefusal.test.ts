import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { explainRefusal, type OptionOrigin } from '../../runtime-helper/engine/createContainer';
import { translateRunArgs } from '../../runtime-helper/engine/runArgs';

/** The origins of a config's runArgs, plus the workspace mount and a config mount. */
function origins(runArgs: string[]): OptionOrigin[] {
  const r = translateRunArgs(runArgs, { baseDir: '/', env: {} });
  assert.ok(r.ok);
  return [
    { option: 'HostConfig.Mounts', property: 'workspaceMount', label: 'workspaceMount', value: '/home/me/proj' },
    { option: 'HostConfig.Mounts', property: 'mounts.0', label: 'mounts.0', value: '/srv/cache' },
    { option: 'HostConfig.Privileged', property: 'privileged', label: 'privileged' },
    ...r.value.origins,
  ];
}

const ALL = ['--init', '--ipc', 'container:db', '--ulimit', 'nofile=2000000:2000000', '--runtime', 'nope', '--gpus', 'all', '--device', '/dev/nonexist', '--cpus', '100', '-m', '1k', '--network', 'nonet', '--log-driver', 'nolog', '--name', 'dev'];

/** Engine texts seen from Docker 20.10 for these settings, and the entry each must name. */
const CASES: [string, string][] = [
  ['failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: error during container init: error setting rlimits for ready process: error setting rlimit type 7: operation not permitted: unknown', 'runArgs.3'],
  ['Unknown runtime specified nope', 'runArgs.5'],
  ['could not select device driver "" with capabilities: [[gpu]]', 'runArgs.7'],
  ['error gathering device information while adding custom device "/dev/nonexist": no such file or directory', 'runArgs.9'],
  ['Range of CPUs is from 0.01 to 2.00, as there are only 2 CPUs available', 'runArgs.11'],
  ['Minimum memory limit allowed is 6MB', 'runArgs.13'],
  ['No such container: db', 'runArgs.1'],
  ['network nonet not found', 'runArgs.15'],
  ['error looking up logging plugin nolog: plugin "nolog" not found', 'runArgs.17'],
  ['Conflict. The container name "/dev" is already in use by container "abc". You have to remove (or rename) that container to be able to reuse that name.', 'runArgs.19'],
  ['invalid mount config for type "bind": bind source path does not exist: /srv/cache', 'mounts.0'],
  ['privileged mode is incompatible with user namespaces.  You must run the container in the host namespace when running privileged mode', 'privileged'],
];

describe('an engine refusal names the entry behind it', () => {
  for (const [reason, property] of CASES) {
    test(reason.slice(0, 60), () => assert.equal(explainRefusal(reason, origins(ALL))?.origin.property, property));
  }

  test('the message names the flag and keeps the engine\'s text; the fix says what to change', () => {
    const e = explainRefusal('Minimum memory limit allowed is 6MB', origins(['--memory=1k']))!;
    assert.equal(e.message, 'the engine refused the container because of --memory=1k (runArgs.0): Minimum memory limit allowed is 6MB');
    assert.equal(e.fix, 'Change or remove --memory in runArgs: this host does not allow it as written.');
    const p = explainRefusal('privileged mode is incompatible with user namespaces', origins([]))!;
    assert.equal(p.fix, 'Change or remove "privileged" in devcontainer.json: this host does not allow it as written.');
  });

  test('a refusal nothing can be traced to is left to the engine\'s words', () => {
    assert.equal(explainRefusal('something odd happened', origins(['--init'])), undefined);
  });
});
