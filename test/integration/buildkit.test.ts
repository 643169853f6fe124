// Dockerfile builds through the real engine's BuildKit, as `berth build` and `berth up` run them:
// BuildKit-only syntax builds and caches, failures name their step and line without escape
// codes, and an engine that refuses BuildKit gets the legacy builder.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { berth, docker, dockerQuietly, stopHelper, testEnv } from '../support/cli';
import { BASE_IMAGE, cleanupWorkspaces, devcontainer } from '../support/workspace';

const images = new Set<string>();
after(() => {
  cleanupWorkspaces();
  for (const image of images) dockerQuietly('rmi', image);
});

async function build(ws: string, env: NodeJS.ProcessEnv = {}) {
  const started = Date.now();
  const r = await berth(['build', '--workspace-folder', ws], { env });
  const ms = Date.now() - started;
  if (r.json.outcome === 'success') for (const image of r.json.imageName as string[]) images.add(image);
  return { ...r, ms };
}

/** What a fresh engine has never built: the nonce keeps earlier runs' cache out of the first build. */
function fresh(lines: string[]): string {
  return [lines[0], `RUN echo ${randomUUID()} > /nonce`, ...lines.slice(1)].join('\n');
}

const ESC = /\u001b/;

describe('BuildKit builds', () => {
  test('RUN --mount=type=cache and type=bind build, and a second build is all cached and fast', async (t) => {
    const dockerfile = fresh([
      `FROM ${BASE_IMAGE}`,
      'RUN --mount=type=cache,target=/var/cache/berth echo warm >> /var/cache/berth/log && echo "cache has $(wc -l < /var/cache/berth/log) line(s)"',
      'RUN --mount=type=bind,source=data.txt,target=/mnt/data.txt cp /mnt/data.txt /from-bind && echo bound',
    ]);
    const ws = devcontainer({ build: { dockerfile: 'Dockerfile', context: '.' } }, { '.devcontainer/Dockerfile': dockerfile, '.devcontainer/data.txt': 'from the context' });
    const first = await build(ws);
    assert.equal(first.code, 0, first.stderr + first.stdout);
    assert.match(first.stderr, /^\[build\] \[(?:stage-0 )?3\/4\] RUN --mount=type=cache,target=\/var\/cache\/berth echo warm/m);
    assert.match(first.stderr, /^cache has \d+ line\(s\)$/m);
    assert.match(first.stderr, /^\[build\] \[(?:stage-0 )?4\/4\] RUN --mount=type=bind,source=data.txt.* \(\d+\.\d s\)$/m);
    assert.match(first.stderr, /^bound$/m);
    assert.doesNotMatch(first.stderr, /no BuildKit/);
    const image = (first.json.imageName as string[])[0];
    // The bind mount's file was read during the build and is not in the image; neither is the cache.
    assert.equal(docker('run', '--rm', image, 'sh', '-c', 'cat /from-bind; echo; find /mnt /var/cache/berth -type f 2>/dev/null | wc -l'), 'from the context\n0');

    const second = await build(ws);
    assert.equal(second.code, 0, second.stderr);
    const runs = second.stderr.split('\n').filter((l) => /^\[build\] \[(?:stage-0 )?\d\/4\] RUN /.test(l));
    assert.equal(runs.length, 3, second.stderr);
    assert.ok(runs.every((l) => l.endsWith(' (cached)')), second.stderr);
    assert.doesNotMatch(second.stderr, /^bound$/m);
    t.diagnostic(`first build ${first.ms} ms, second (cached) ${second.ms} ms`);
    assert.ok(second.ms < 5000, `second build took ${second.ms} ms`);
  });

  test('berth up builds the build.target stage of a multi-stage Dockerfile, skipping the others, and caches it', async () => {
    const dockerfile = fresh([
      `FROM ${BASE_IMAGE} AS base`,
      'RUN echo base > /stage',
      'FROM base AS dev',
      'RUN echo dev >> /stage',
      'FROM base AS release',
      'RUN echo "the release stage ran" && exit 1',
    ]);
    const ws = devcontainer({ build: { dockerfile: 'Dockerfile', target: 'dev' } }, { '.devcontainer/Dockerfile': dockerfile });
    const up = await berth(['up', '--workspace-folder', ws]);
    assert.equal(up.code, 0, up.stderr + up.stdout);
    const image = JSON.parse(docker('inspect', up.json.containerId!))[0].Config.Image as string;
    images.add(image);
    assert.match(up.stderr, /^\[build\] \[dev 1\/1\] RUN echo dev >> \/stage \(\d+\.\d s\)$/m);
    assert.doesNotMatch(up.stderr, /release/);
    assert.equal(docker('exec', up.json.containerId!, 'cat', '/stage'), 'base\ndev');
    docker('rm', '-f', up.json.containerId!);
    const again = await build(ws);
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stderr, /^\[build\] \[dev 1\/1\] RUN echo dev >> \/stage \(cached\)$/m);
  });

  test('a .dockerignore that ignores .devcontainer still sends its Dockerfile, and the rest stays out', async () => {
    const ws = devcontainer(
      { build: { dockerfile: 'Dockerfile', context: '..' } },
      { '.devcontainer/Dockerfile': fresh([`FROM ${BASE_IMAGE}`, 'COPY . /ctx/']), '.dockerignore': '.devcontainer\nsecret.txt\n', 'secret.txt': 'do not send', 'kept.txt': 'sent' },
    );
    const r = await build(ws);
    assert.equal(r.code, 0, r.stderr + r.stdout);
    const image = (r.json.imageName as string[])[0];
    assert.equal(docker('run', '--rm', image, 'sh', '-c', 'cd /ctx && ls -A; ls -A .devcontainer'), '.devcontainer\n.dockerignore\nkept.txt\nDockerfile');
  });

  test('a failing step: the JSON message names the Dockerfile line and the step, with its last output and no escape codes', async () => {
    const ws = devcontainer(
      { build: { dockerfile: 'Dockerfile' } },
      { '.devcontainer/Dockerfile': `FROM ${BASE_IMAGE}\n# fails on purpose\nRUN printf '\\033[1;31merror:\\033[0m the tests failed\\n' && echo 'see above' && exit 4\n` },
    );
    const r = await build(ws);
    assert.equal(r.code, 1);
    const message = r.json.message!;
    assert.doesNotMatch(message, ESC);
    assert.doesNotMatch(r.json.description as string, ESC);
    assert.ok(message.startsWith(`${join(ws, '.devcontainer/Dockerfile')}:3:1: the build failed at step 2/2 (RUN printf `), message);
    assert.match(message, /: the command returned a non-zero code: 4\n  last output:\n    error: the tests failed\n    see above\n  fix: /);
  });

  test('an external Dockerfile frontend that cannot be fetched is named with its line', async () => {
    const frontend = '127.0.0.1:5000/berth-test/no-such-frontend:1';
    const ws = devcontainer({ build: { dockerfile: 'Dockerfile' } }, { '.devcontainer/Dockerfile': `# syntax=${frontend}\nFROM ${BASE_IMAGE}\nRUN true\n` });
    const r = await build(ws);
    assert.equal(r.code, 1);
    assert.ok(r.json.message!.startsWith(`${join(ws, '.devcontainer/Dockerfile')}:1:1: the Dockerfile's \`# syntax=${frontend}\` directive names a Dockerfile frontend image the engine could not fetch: `), r.json.message);
    assert.match(r.json.message!, /fix: Remove the `# syntax=` line/);
  });

  test("Dockerfile syntax newer than the engine's BuildKit is named, with the engine's version", async () => {
    const version = docker('version', '--format', '{{.Server.Version}}');
    const heredoc = devcontainer({ build: { dockerfile: 'Dockerfile' } }, { '.devcontainer/Dockerfile': `FROM ${BASE_IMAGE}\nRUN <<EOF\necho from a heredoc\nEOF\n` });
    const h = await build(heredoc);
    assert.equal(h.code, 1);
    assert.equal(h.json.description, `the engine's BuildKit (Docker ${version}) is too old for heredocs (\`RUN <<\`): it reads the heredoc's lines as instructions`);
    assert.match(h.json.message!, /Dockerfile:2:1: /);
    const link = devcontainer({ build: { dockerfile: 'Dockerfile' } }, { '.devcontainer/Dockerfile': `FROM ${BASE_IMAGE}\nCOPY --link devcontainer.json /x\n` });
    const l = await build(link);
    assert.equal(l.json.description, `the engine's BuildKit (Docker ${version}) is too old for \`COPY --link\``);
  });
});

describe('an engine without BuildKit', () => {
  // Old engines answer a BuildKit request so; this one forwards everything else to the real engine.
  let proxy: Server;
  const dir = mkdtempSync(join(tmpdir(), 'berth-nobk-'));
  const env = { ...testEnv, DOCKER_HOST: `unix://${join(dir, 'docker.sock')}`, BERTH_HELPER_DIR: join(dir, 'helper') };
  after(() => {
    stopHelper(env);
    proxy?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  let buildkitAsked = 0;

  before(async () => {
    proxy = createServer((req, res) => {
      if (req.url?.includes('/build?') && /[?&]version=2(&|$)/.test(req.url)) {
        buildkitAsked++;
        req.resume();
        res.writeHead(400, { 'Content-Type': 'application/json' }).end(JSON.stringify({ message: 'buildkit not supported by daemon' }));
        return;
      }
      const upstream = request({ socketPath: '/var/run/docker.sock', path: req.url, method: req.method, headers: req.headers }, (r) => {
        res.writeHead(r.statusCode ?? 502, r.headers);
        r.pipe(res);
      });
      req.pipe(upstream);
      // A stream the helper leaves (its events subscription) ends upstream too, or it would keep this process alive.
      res.on('close', () => upstream.destroy());
    });
    await new Promise<void>((done) => proxy.listen(join(dir, 'docker.sock'), done));
  });

  test('gets the legacy builder, says so once, and still builds', async () => {
    const ws = devcontainer({ build: { dockerfile: 'Dockerfile' } }, { '.devcontainer/Dockerfile': `FROM ${BASE_IMAGE}\nRUN echo built by the legacy builder\n` });
    const first = await build(ws, env);
    assert.equal(first.code, 0, first.stderr + first.stdout);
    assert.equal(first.stderr.split('\n').filter((l) => l.startsWith('[build] The engine has no BuildKit: building with the legacy builder')).length, 1, first.stderr);
    assert.match(first.stderr, /^\[build\] Step 2\/2 : RUN echo built by the legacy builder$/m);
    // The helper remembers the refusal: the next build goes straight to the legacy builder.
    const asked = buildkitAsked;
    const second = await build(ws, env);
    assert.equal(second.code, 0, second.stderr);
    assert.equal(buildkitAsked, asked);
  });

  test("a failing step under the legacy builder: its JSON message names the step and has none of the engine's colour codes", async () => {
    const ws = devcontainer({ build: { dockerfile: 'Dockerfile' } }, { '.devcontainer/Dockerfile': `FROM ${BASE_IMAGE}\nRUN echo 'on stderr' >&2 && exit 5\n` });
    const r = await build(ws, env);
    assert.equal(r.code, 1);
    assert.doesNotMatch(r.json.message!, ESC);
    assert.doesNotMatch(r.stderr, ESC);
    assert.match(r.json.message!, /Dockerfile:2:1: the build failed at step 2\/2 \(RUN echo 'on stderr' >&2 && exit 5\): .*non-zero code: 5\n  last output:(\n    .*)*\n    on stderr\n/);
  });
});
