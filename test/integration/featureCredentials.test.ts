// Feature registry credentials the docker CLI keeps outside `auths` (a credential helper named by
// `credHelpers` or `credsStore`, run as the docker CLI runs it), and a registry that answers with
// a Bearer challenge and a token service. Secrets never reach the output.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { berth, type CliResult } from '../support/cli';
import { copyToLoginRegistry, publish, uniqueNamespace } from '../support/features';
import { BASE_IMAGE, cleanupWorkspaces, devcontainer } from '../support/workspace';

const NS = uniqueNamespace();
// Made by scripts/ensure-env.sh for this machine only.
const PASSWORD = readFileSync('/var/tmp/berth-env/auth-registry/password', 'utf8').trim();

before(async () => {
  publish(NS, [{ json: { id: 'lone', version: '1.0.0', name: 'Lone' } }]);
  await copyToLoginRegistry(`${NS}/lone`, '1', PASSWORD);
  // The shared helper starts now, with a PATH that lacks the callers' credential helper below.
  assert.equal((await berth(['helper', 'status'])).code, 0);
});
after(cleanupWorkspaces);

/** `features resolve-dependencies` reads the manifest, so it needs the registry to accept the credentials. */
async function resolve(ref: string, env: NodeJS.ProcessEnv): Promise<CliResult> {
  const ws = devcontainer({ image: BASE_IMAGE, features: { [ref]: {} } });
  return berth(['features', 'resolve-dependencies', '--workspace-folder', ws], { env: { DEVCONTAINERS_OCI_AUTH: '', ...env } });
}

function assertResolved(r: CliResult, ref: string, secrets: string[]): void {
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.match(JSON.parse(r.stdout).installOrder[0].id, new RegExp(`^${ref.replace(/:1$/, '').replace(/[.]/g, '\\.')}@sha256:[0-9a-f]{64}$`));
  for (const s of secrets) assert.ok(!r.stdout.includes(s) && !r.stderr.includes(s), 'a secret reached the output');
}

describe('credentials from a docker credential helper', () => {
  const ref = `127.0.0.1:5001/${NS}/lone:1`;
  // A real helper program speaking the protocol: `get` with the server on stdin, JSON on stdout;
  // not found: a message and exit 1. It logs what it was asked, never the secret.
  const bin = mkdtempSync(join(tmpdir(), 'berth-credhelper-'));
  const asked = join(bin, 'asked.log');
  writeFileSync(
    join(bin, 'docker-credential-berthtest'),
    [
      '#!/bin/sh',
      `[ "$1" = get ] || { echo "unsupported: $1"; exit 1; }`,
      'read -r server',
      `echo "$server" >> '${asked}'`,
      `if [ "$server" = 127.0.0.1:5001 ]; then printf '{"ServerURL":"%s","Username":"berth","Secret":"%s"}\\n' "$server" "$(cat /var/tmp/berth-env/auth-registry/password)"; exit 0; fi`,
      'echo "credentials not found in native keychain"; exit 1',
      '',
    ].join('\n'),
  );
  chmodSync(join(bin, 'docker-credential-berthtest'), 0o755);
  const withConfig = (config: object) => {
    const dir = mkdtempSync(join(tmpdir(), 'berth-docker-config-'));
    writeFileSync(join(dir, 'config.json'), JSON.stringify(config), { mode: 0o600 });
    // The helper is on the caller's PATH only: the shared runtime helper must run it with the caller's environment.
    return { DOCKER_CONFIG: dir, PATH: `${bin}${delimiter}${process.env.PATH}` };
  };

  test('credHelpers names the helper for this registry', async () => {
    writeFileSync(asked, '');
    const r = await resolve(ref, withConfig({ credHelpers: { '127.0.0.1:5001': 'berthtest' } }));
    assertResolved(r, ref, [PASSWORD]);
    assert.ok(readFileSync(asked, 'utf8').split('\n').includes('127.0.0.1:5001'));
  });

  test('credsStore is the helper for every registry', async () => {
    writeFileSync(asked, '');
    const r = await resolve(ref, withConfig({ credsStore: 'berthtest', auths: { '127.0.0.1:5001': {} } }));
    assertResolved(r, ref, [PASSWORD]);
    assert.ok(readFileSync(asked, 'utf8').split('\n').includes('127.0.0.1:5001'));
  });

  test('a helper that has no credentials for the registry: the refusal, with the fix', async () => {
    const r = await resolve(ref, withConfig({ credHelpers: { '127.0.0.1:5001': 'missing-helper' } }));
    assert.equal(r.code, 1);
    assert.match(r.json.message!, /127\.0\.0\.1:5001 refused access to .*\/lone: no valid credentials\n {2}fix: Run `docker login 127\.0\.0\.1:5001`/);
  });
});

/** A registry in front of the local one that wants a Bearer token from its own token service,
 * which hands one out for Basic credentials, as ghcr.io and Docker Hub do. */
async function tokenRegistry(user: string, password: string) {
  const token = randomBytes(24).toString('hex');
  const log: { path: string; authorization?: string }[] = [];
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    log.push({ path: url.pathname + url.search, authorization: req.headers.authorization });
    if (url.pathname === '/token') {
      const basic = `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
      const scopeOk = url.searchParams.get('service') === 'berth-test' && url.searchParams.get('scope') === `repository:${NS}/lone:pull`;
      res.writeHead(req.headers.authorization === basic && scopeOk ? 200 : 401, { 'content-type': 'application/json' });
      res.end(req.headers.authorization === basic && scopeOk ? JSON.stringify({ token, expires_in: 300 }) : '{"errors":[{"code":"UNAUTHORIZED"}]}');
      return;
    }
    if (req.headers.authorization !== `Bearer ${token}`) {
      const realm = `http://127.0.0.1:${(server.address() as AddressInfo).port}/token`;
      res.writeHead(401, { 'www-authenticate': `Bearer realm="${realm}",service="berth-test",scope="repository:${NS}/lone:pull"`, 'content-type': 'application/json' });
      res.end('{"errors":[{"code":"UNAUTHORIZED"}]}');
      return;
    }
    const upstream = request({ host: '127.0.0.1', port: 5000, path: req.url, method: req.method, headers: { accept: req.headers.accept ?? '*/*' } }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    });
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return { port: (server.address() as AddressInfo).port, token, log, close: () => new Promise<void>((done) => server.close(() => done())) };
}

describe('a registry with Bearer token authentication', () => {
  test('anonymous first, then a token from the realm for the credentials; the token and the secret stay out of the output', async () => {
    const secret = randomBytes(12).toString('hex');
    const registry = await tokenRegistry('robot', secret);
    try {
      const host = `127.0.0.1:${registry.port}`;
      const ref = `${host}/${NS}/lone:1`;
      const r = await resolve(ref, { DEVCONTAINERS_OCI_AUTH: `${host}|robot|${secret}`, DOCKER_CONFIG: mkdtempSync(join(tmpdir(), 'berth-no-auth-')) });
      assertResolved(r, ref, [secret, registry.token]);
      const paths = registry.log.map((l) => l.path);
      assert.match(paths[0], /\/manifests\/1$/);
      assert.equal(registry.log[0].authorization, undefined);
      assert.equal(paths[1], `/token?service=berth-test&scope=${encodeURIComponent(`repository:${NS}/lone:pull`)}`);
      assert.equal(registry.log[2].authorization, `Bearer ${registry.token}`);
    } finally {
      await registry.close();
    }
  });

  test('a token service that refuses the credentials: the refusal, with the fix', async () => {
    const registry = await tokenRegistry('robot', 'right');
    try {
      const host = `127.0.0.1:${registry.port}`;
      const r = await resolve(`${host}/${NS}/lone:1`, { DEVCONTAINERS_OCI_AUTH: `${host}|robot|wrong`, DOCKER_CONFIG: mkdtempSync(join(tmpdir(), 'berth-no-auth-')) });
      assert.equal(r.code, 1);
      assert.match(r.json.message!, new RegExp(`${host.replace(/\./g, '\\.')} refused access to .*/lone: no valid credentials\\n {2}fix: Run \`docker login ${host.replace(/\./g, '\\.')}\``));
      assert.ok(!r.stdout.includes('wrong') && !r.stderr.includes('wrong'));
    } finally {
      await registry.close();
    }
  });
});
