// Compose configs through the real engine and the real compose CLI (Debian's docker-compose v1).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { findComposeCli } from '../../runtime-helper/compose/composeCli';
import { connectHelper } from '../../runtime-helper/rpc/client';
import { berth, BERTH, docker, dockerQuietly, onPodman, testEnv } from '../support/cli';
import { featureFolder, RECORD_DIR } from '../support/features';
import { cleanupComposeProjects, composeWorkspace, projectContainerIds } from '../support/compose';
import { httpGet, ports, waitFor } from '../support/ports';
import { BASE_IMAGE, cleanupWorkspaces } from '../support/workspace';

/** The images the feature stage made for these tests (never the base image). */
const featureImages: string[] = [];

after(() => {
  cleanupComposeProjects();
  cleanupWorkspaces();
  for (const image of featureImages) dockerQuietly('rmi', '-f', image);
});

const SIDECAR = `    image: ${BASE_IMAGE}
    command: ["sh", "-c", "mkdir -p /www && echo hello-side > /www/index.html && exec busybox httpd -f -p 8080 -h /www"]
`;

async function upOk(ws: string, extra: string[] = [], env?: NodeJS.ProcessEnv) {
  const r = await berth(['up', '--workspace-folder', ws, ...extra], { env });
  assert.equal(r.code, 0, `up failed:\n${r.stderr}\n${r.stdout}`);
  assert.equal(r.json.outcome, 'success');
  return r;
}

const inspect = (id: string) => JSON.parse(docker('inspect', id))[0];
const sh = (id: string, script: string) => docker('exec', id, 'sh', '-c', script);
/** An image name as Berth wrote it: Podman reports it with a registry and a tag (docker.io/library/…:latest). */
const asWritten = (image: string) => image.replace(/^(docker\.io\/library\/|localhost\/)/, '').replace(/:latest$/, '');
const state = (id: string) => inspect(id).State.Status as string;

describe('berth up with dockerComposeFile', () => {
  test('an image service with a sidecar by name, hooks, settings, a service:port forward; up again, restart, down, down --remove', async () => {
    const { ws, project } = composeWorkspace(
      {
        dockerComposeFile: 'docker-compose.yml',
        service: 'app',
        overrideCommand: true,
        init: true,
        capAdd: ['SYS_PTRACE'],
        containerEnv: { GREETING: 'hi $HOME' },
        mounts: ['type=volume,source=data,target=/data'],
        forwardPorts: ['side:8080'],
        postCreateCommand: 'for i in $(seq 1 50); do busybox wget -qO- http://side:8080/ > /tmp/side.html && break; sleep 0.2; done; echo created >> /tmp/created',
        postStartCommand: 'echo started >> /tmp/starts',
      },
      `version: "3"\nservices:\n  app:\n    image: ${BASE_IMAGE}\n    command: ["sh", "-c", "echo the service command; exit 3"]\n    volumes:\n      - ..:/workspace\n  side:\n${SIDECAR}`,
    );
    const r = await upOk(ws);
    const id = r.json.containerId!;
    assert.equal(r.json.remoteWorkspaceFolder, '/', 'workspaceFolder defaults to / for compose');
    const info = inspect(id);
    assert.equal(info.Config.Labels['com.docker.compose.project'], project);
    assert.equal(info.Config.Labels['com.docker.compose.service'], 'app');
    assert.equal(info.Config.Labels['devcontainer.local_folder'], ws);
    assert.equal(info.Config.Labels['devcontainer.config_file'], join(ws, '.devcontainer/devcontainer.json'));
    assert.match(info.Config.Labels['devcontainer.metadata'], /"postStartCommand"/);
    assert.ok(info.Config.Env.includes('GREETING=hi $HOME'), 'containerEnv reaches the service unexpanded');
    assert.equal(info.HostConfig.Init, true);
    assert.ok(info.HostConfig.CapAdd.includes('SYS_PTRACE'));
    // overrideCommand: the keep-alive, not the service's command (which exits).
    assert.equal(state(id), 'running');
    assert.equal(sh(id, 'cat /tmp/side.html'), 'hello-side', 'the sidecar answers by its service name');
    assert.equal(sh(id, 'cat /workspace/.devcontainer/docker-compose.yml | head -1'), 'version: "3"');
    assert.deepEqual(readdirSync(join(ws, '.devcontainer')).sort(), ['devcontainer.json', 'docker-compose.yml'], 'no override file in the repository');
    const override = info.Config.Labels['com.docker.compose.project.config_files'].split(',')[1];
    assert.ok(existsSync(override) && !override.startsWith(ws), `the override ${override} is in Berth's state folder`);

    const side = await waitFor('the side:8080 forward', async () => (await ports(ws)).find((p) => p.label === 'side:8080' && p.localAddress));
    assert.equal((await httpGet(side.localAddress!)).body.toString().trim(), 'hello-side');

    // A second up reuses everything.
    assert.equal((await upOk(ws)).json.containerId, id);
    assert.equal(sh(id, 'cat /tmp/created'), 'created');
    // A stopped sidecar and a restarted primary: up starts the one and runs postStartCommand in the other.
    const [sideId] = projectContainerIds(project, 'side');
    docker('stop', '-t', '1', sideId);
    docker('restart', '-t', '1', id);
    assert.equal((await upOk(ws)).json.containerId, id);
    assert.equal(state(sideId), 'running');
    assert.equal(sh(id, 'cat /tmp/created'), 'created', 'create hooks run once');
    assert.equal(sh(id, 'wc -l < /tmp/starts'), '2');

    sh(id, 'echo kept > /data/file');
    const down = await berth(['down', '--workspace-folder', ws]);
    assert.equal(down.code, 0, down.stderr);
    assert.deepEqual(projectContainerIds(project).map(state), ['exited', 'exited']);
    const removed = await berth(['down', '--remove', '--workspace-folder', ws]);
    assert.equal(removed.code, 0, removed.stderr);
    assert.deepEqual(projectContainerIds(project), []);
    assert.equal(docker('network', 'ls', '-q', '--filter', `label=com.docker.compose.project=${project}`), '', 'the project network is removed');
    assert.equal(docker('volume', 'ls', '-q', '--filter', `name=${project}_data`), `${project}_data`, 'named volumes are kept');
  });

  test('a Dockerfile service with build args, overrideCommand false, runServices; --remove-existing-container recreates the primary only; down stops only what up started', async () => {
    const { ws, project } = composeWorkspace(
      { dockerComposeFile: ['docker-compose.yml'], service: 'app', runServices: ['db'], overrideCommand: false, workspaceFolder: '/src' },
      `services:\n  app:\n    build:\n      context: .\n      args:\n        GREETING: built-with-arg\n    command: ["sh", "-c", "echo service-command > /tmp/cmd; exec sleep infinity"]\n  db:\n    image: ${BASE_IMAGE}\n    command: ["sleep", "infinity"]\n  other:\n    image: ${BASE_IMAGE}\n    command: ["sleep", "infinity"]\n`,
      { '.devcontainer/Dockerfile': `FROM ${BASE_IMAGE}\nARG GREETING\nRUN echo "$GREETING" > /greeting\n` },
    );
    const r = await upOk(ws);
    const id = r.json.containerId!;
    assert.equal(r.json.remoteWorkspaceFolder, '/src');
    assert.equal(sh(id, 'cat /greeting'), 'built-with-arg');
    assert.equal(sh(id, 'cat /tmp/cmd'), 'service-command', "overrideCommand false keeps the service's command");
    assert.equal(projectContainerIds(project, 'db').length, 1);
    assert.deepEqual(projectContainerIds(project, 'other'), [], 'runServices limits what starts');
    const [db] = projectContainerIds(project, 'db');
    const built = await berth(['build', '--workspace-folder', ws]);
    assert.deepEqual(built.json.imageName, [`${project}_app`], 'build names the image compose builds');

    const again = await upOk(ws, ['--remove-existing-container']);
    assert.notEqual(again.json.containerId, id);
    assert.deepEqual(projectContainerIds(project, 'db'), [db], 'the other services are left alone');

    // A service this config did not start (started by hand) keeps running through down.
    const cli = findComposeCli(process.env);
    assert.ok(cli.ok);
    const byHand = spawnSync(cli.value.argv[0], [...cli.value.argv.slice(1), '-p', project, '-f', join(ws, '.devcontainer/docker-compose.yml'), 'up', '-d', '--no-deps', 'other'], { encoding: 'utf8' });
    assert.equal(byHand.status, 0, byHand.stderr);
    assert.equal((await berth(['down', '--workspace-folder', ws])).code, 0);
    assert.deepEqual([again.json.containerId!, db, ...projectContainerIds(project, 'other')].map(state), ['exited', 'exited', 'running']);
  });

  // Podman's Docker API splits a mount's paths again at commas (Berth then writes a short
  // `source:target` bind, which it keeps whole) and a bind's at colons: a path with both fits neither there.
  const mountCase = onPodman ? { odd: 'odd,x=y $HOME', target: '/mnt/odd,too' } : { odd: 'odd:dir,x=y $HOME', target: '/mnt/odd:too' };
  test(`mounts whose paths hold ${onPodman ? "','" : "':', ','"}, '=' or '$' are mounted as themselves, on compose file version 2 and 3`, async () => {
    const { odd, target } = mountCase;
    for (const version of ['2', '3']) {
      const { ws } = composeWorkspace(
        {
          dockerComposeFile: 'docker-compose.yml',
          service: 'app',
          overrideCommand: true,
          mounts: [
            { type: 'bind', source: `\${localWorkspaceFolder}/${odd}`, target, readonly: true },
            `type=bind,"source=\${localWorkspaceFolder}/${odd}",target=/mnt/plain`,
          ],
        },
        `version: "${version}"\nservices:\n  app:\n    image: ${BASE_IMAGE}\n`,
        { [`${odd}/inside.txt`]: 'the odd folder\n' },
      );
      const id = (await upOk(ws)).json.containerId!;
      assert.equal(sh(id, `cat "${target}/inside.txt" /mnt/plain/inside.txt`), 'the odd folder\nthe odd folder', `version ${version}`);
      const binds = inspect(id).Mounts.filter((m: { Type: string }) => m.Type === 'bind').map((m: { Source: string; Destination: string; RW: boolean }) => [m.Source, m.Destination, m.RW]);
      assert.deepEqual(binds.sort(), [[join(ws, odd), target, false], [join(ws, odd), '/mnt/plain', true]], `version ${version}`);
    }
  });

  if (onPodman) {
    test("on Podman a mount whose path holds both ',' and ':' is refused, naming it, before anything starts", async () => {
      const odd = 'odd:dir,x=y';
      const { ws, project } = composeWorkspace(
        { dockerComposeFile: 'docker-compose.yml', service: 'app', mounts: [{ type: 'bind', source: `\${localWorkspaceFolder}/${odd}`, target: '/mnt/odd' }] },
        `services:\n  app:\n    image: ${BASE_IMAGE}\n`,
        { [`${odd}/inside.txt`]: 'x\n' },
      );
      const r = await berth(['up', '--workspace-folder', ws]);
      assert.equal(r.code, 1, r.stderr);
      assert.match(r.json.message!, /'mounts\.0'.*Podman cannot mount a path that holds both "," and ":": .*odd:dir,x=y/);
      assert.deepEqual(projectContainerIds(project), []);
    });
  }
});

test('features install on the compose service\'s image, with their metadata on the container', async () => {
  const { ws } = composeWorkspace(
    { dockerComposeFile: 'docker-compose.yml', service: 'app', overrideCommand: true, features: { './hello': { greeting: 'hi' } } },
    `services:\n  app:\n    image: ${BASE_IMAGE}\n`,
  );
  featureFolder(join(ws, '.devcontainer'), {
    json: { id: 'hello', version: '1.0.0', options: { greeting: { type: 'string', default: 'none' } }, containerEnv: { HELLO_FEATURE: 'on' }, entrypoint: '/usr/local/bin/hello-entry' },
    install: `printf '#!/bin/sh\\ntouch /tmp/hello-entry-ran\\n' > /usr/local/bin/hello-entry\nchmod +x /usr/local/bin/hello-entry`,
  });
  const r = await upOk(ws);
  const id = r.json.containerId!;
  const info = inspect(id);
  featureImages.push(info.Config.Image);
  const image = asWritten(info.Config.Image);
  assert.match(image, /^vsc-.*-features$/, 'the service runs the image with the feature');
  assert.match(sh(id, `cat ${RECORD_DIR}/hello.env`), /^GREETING=hi$/m);
  assert.ok(info.Config.Env.includes('HELLO_FEATURE=on'), "the feature's containerEnv reaches the service");
  assert.match(info.Config.Labels['devcontainer.metadata'], /"id":"\.\/hello"/);
  // `build` goes through the same stages: it names the image with the feature, not the service's base.
  const built = await berth(['build', '--workspace-folder', ws]);
  assert.equal(built.code, 0, built.stderr);
  assert.deepEqual(built.json.imageName, [image]);
  sh(id, 'test -e /tmp/hello-entry-ran'); // the feature's entrypoint ran before the keep-alive
});

test("features on a Dockerfile service: compose builds only the service's own Dockerfile, Berth installs the features on it, so no compose version needs additional_contexts", async () => {
  const { ws, project } = composeWorkspace(
    { dockerComposeFile: 'docker-compose.yml', service: 'app', overrideCommand: true, features: { './tool': {} } },
    `services:\n  app:\n    build:\n      context: .\n      target: dev\n      args:\n        GREETING: built-with-arg\n`,
    { '.devcontainer/Dockerfile': `FROM ${BASE_IMAGE} AS dev\nARG GREETING\nRUN echo "$GREETING" > /greeting\nFROM dev AS release\nRUN touch /release\n` },
  );
  featureFolder(join(ws, '.devcontainer'), { json: { id: 'tool', version: '1.0.0' }, install: 'cat /greeting > /tmp/tool-saw' });
  const id = (await upOk(ws)).json.containerId!;
  const info = inspect(id);
  featureImages.push(info.Config.Image);
  const image = asWritten(info.Config.Image);
  assert.match(image, /^vsc-.*-features$/);
  // The feature installed on the stage compose built (its target, its build arg), not on the last stage.
  assert.equal(sh(id, 'cat /tmp/tool-saw'), 'built-with-arg');
  assert.equal(sh(id, 'test -e /release && echo release || echo dev'), 'dev');
  // compose ran the override to start the service, and it asks for an image, never a build.
  const override = (info.Config.Labels['com.docker.compose.project.config_files'] as string).split(',').find((f) => f.includes('docker-compose.devcontainer.containerFeatures'))!;
  const document = JSON.parse(readFileSync(override, 'utf8'));
  assert.equal(document.services.app.image, image);
  assert.equal(document.services.app.build, undefined);
  assert.doesNotMatch(readFileSync(override, 'utf8'), /additional_contexts/);
  assert.ok(docker('images', '-q', `${project}_app`), "compose's own build of the service is the features' base");
});

test("overrideCommand false on a compose service: the features' entrypoints run, then the service's command, as with the devcontainer CLI", async () => {
  const { ws } = composeWorkspace(
    { dockerComposeFile: 'docker-compose.yml', service: 'app', features: { './entry': {} } },
    `services:\n  app:\n    image: ${BASE_IMAGE}\n    command: ["sh", "-c", "echo service-command >> /tmp/order; exec sleep infinity"]\n`,
  );
  featureFolder(join(ws, '.devcontainer'), {
    json: { id: 'entry', version: '1.0.0', entrypoint: '/usr/local/bin/feature-entry' },
    install: `printf '#!/bin/sh\\necho feature-entry >> /tmp/order\\n' > /usr/local/bin/feature-entry\nchmod +x /usr/local/bin/feature-entry`,
  });
  const id = (await upOk(ws)).json.containerId!;
  featureImages.push(inspect(id).Config.Image);
  assert.deepEqual(sh(id, 'cat /tmp/order').split('\n'), ['feature-entry', 'service-command']);
});

test("a compose project's log: every service's lines, each led by its service's name, padded alike", async () => {
  const say = (what: string) => `    image: ${BASE_IMAGE}\n    command: ["sh", "-c", "echo ${what}; exec sleep infinity"]\n`;
  const { ws, project } = composeWorkspace({ dockerComposeFile: 'docker-compose.yml', service: 'app' }, `services:\n  app:\n${say('app says hi')}  sidecar:\n${say('sidecar says hi')}`);
  await upOk(ws);
  const connected = await connectHelper({ clientName: 'test', helperScript: BERTH, env: testEnv });
  assert.ok(connected.ok);
  const client = connected.value;
  try {
    const lines: string[] = [];
    client.onNotification('logs.data', (p) => lines.push(...p.lines.map((l) => l.text)));
    // Followed, as the log viewer follows it.
    const r = await client.request('logs.subscribe', { composeProject: project, follow: true });
    assert.ok(r.ok, r.ok ? '' : r.error.message);
    await waitFor('both services\' lines', async () => (lines.length >= 2 ? true : undefined), 10_000);
    assert.deepEqual(lines.sort(), ['app     | app says hi', 'sidecar | sidecar says hi']);
    await client.request('logs.unsubscribe', { subscriptionId: r.value.subscriptionId });
    const none = await client.request('logs.subscribe', { composeProject: `${project}x`, follow: false });
    assert.equal(none.ok ? '' : none.error.message, `the compose project ${project}x has no containers`);
  } finally {
    client.dispose();
  }
});

describe('compose errors: one message, nothing started', () => {
  const compose = `services:\n  app:\n    image: ${BASE_IMAGE}\n  db:\n    image: ${BASE_IMAGE}\n`;

  async function upFails(ws: string, project: string, env?: NodeJS.ProcessEnv) {
    const r = await berth(['up', '--workspace-folder', ws], { env });
    assert.notEqual(r.code, 0);
    assert.deepEqual(projectContainerIds(project), [], 'nothing started');
    assert.doesNotMatch(r.stderr, /\x1b\[|at .*\.js:\d+/, 'no ANSI codes or stack traces');
    return r.stderr;
  }

  test('a service not in the files names it, the files and the services there are', async () => {
    const { ws, project } = composeWorkspace({ dockerComposeFile: 'docker-compose.yml', service: 'web' }, compose);
    const err = await upFails(ws, project);
    assert.match(err, /devcontainer\.json:\d+:\d+: 'service': the service "web" is not in .*\/\.devcontainer\/docker-compose\.yml: the services there are "app", "db"/);
  });

  test('a YAML error gives the file and line compose reports', async () => {
    const { ws, project } = composeWorkspace({ dockerComposeFile: 'docker-compose.yml', service: 'app' }, `services:\n  app:\n    image: ${BASE_IMAGE}\n   bad: x\n`);
    const err = await upFails(ws, project);
    assert.match(err, new RegExp(`${ws}/\\.devcontainer/docker-compose\\.yml:4:\\d+: compose cannot read the project's files`));
  });

  test('a schema error names the file, what compose says is wrong and the fix', async () => {
    const { ws, project } = composeWorkspace({ dockerComposeFile: 'docker-compose.yml', service: 'app' }, `services:\n  app:\n    image: ${BASE_IMAGE}\n    bogus: 1\n    ports: "8080"\n`);
    const err = await upFails(ws, project);
    const file = `${ws}/.devcontainer/docker-compose.yml`.replace(/[./]/g, '\\$&');
    assert.match(err, new RegExp(`${file}: compose cannot read the project's files: The Compose file '[^']*docker-compose\\.yml' is invalid because: services\\.app\\.ports contains an invalid type, it should be an array; Unsupported config option for services\\.app: 'bogus'\\n`));
    assert.match(err, new RegExp(`\n {2}fix: Fix the compose file \\(${file}\\); \`docker-compose --project-name ${project} -f ${file} config\` shows the same error\\.`));
    assert.equal(err.match(/compose cannot read/g)?.length, 1, 'one message');
  });

  test('a missing compose file gives the path as resolved', async () => {
    const { ws, project } = composeWorkspace({ dockerComposeFile: ['docker-compose.yml', '../compose.extra.yml'], service: 'app' }, compose);
    const err = await upFails(ws, project);
    assert.match(err, new RegExp(`'dockerComposeFile\\.1': the compose file ${ws}/compose\\.extra\\.yml does not exist`));
  });

  test('no compose installed says how to install it', async () => {
    const { ws, project } = composeWorkspace({ dockerComposeFile: 'docker-compose.yml', service: 'app' }, compose);
    const err = await upFails(ws, project, { PATH: '/nonexistent' });
    assert.match(err, /neither `docker compose` nor `docker-compose` is installed/);
    assert.match(err, /fix: Install Docker Compose: on Debian or Ubuntu `sudo apt-get install docker-compose`/);
  });
});
