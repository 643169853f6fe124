// A small OCI distribution client for features: manifests and blobs, anonymous first,
// then the registry's WWW-Authenticate challenge (Basic or Bearer). Every byte is checked
// against its digest. Plain HTTP only for a registry on this machine, as Docker does.
import { createHash } from 'node:crypto';
import { fail, ok, type Result } from '../util/result';
import { featureCredential } from './credentials';
import type { OciRef } from './ref';

export const FEATURE_CONFIG_MEDIA_TYPE = 'application/vnd.devcontainers';
export const FEATURE_LAYER_MEDIA_TYPE = 'application/vnd.devcontainers.layer.v1+tar';

export interface OciManifest {
  schemaVersion: number;
  mediaType?: string;
  config: { mediaType: string; digest: string; size: number };
  layers: { mediaType: string; digest: string; size: number; annotations?: Record<string, string> }[];
  annotations?: Record<string, string>;
}

export interface FetchedManifest {
  manifest: OciManifest;
  digest: string;
  /** The bytes as served, so the cache can keep them and re-verify the digest. */
  raw: Buffer;
}

export class RegistryClient {
  /** Requests sent, for the progress log. */
  requests = 0;
  private readonly authHeader = new Map<string, string>();

  constructor(private readonly env: NodeJS.ProcessEnv) {}

  /** The manifest by digest when one is pinned (lockfile or `@sha256:`), else by tag. */
  async manifest(ref: OciRef, pinned?: string): Promise<Result<FetchedManifest>> {
    const reference = pinned ?? ref.digest ?? ref.tag ?? 'latest';
    const r = await this.get(ref, `manifests/${reference}`, 'application/vnd.oci.image.manifest.v1+json');
    if (!r.ok) return r;
    const digest = sha256(r.value);
    const expected = pinned ?? ref.digest;
    if (expected && digest !== expected) return fail({ message: `the manifest of ${ref.resource} does not match its digest ${expected} (got ${digest})`, fix: 'Check the registry, or update the reference or the lockfile.' });
    let manifest: OciManifest;
    try {
      manifest = JSON.parse(r.value.toString('utf8'));
    } catch {
      return fail({ message: `the registry sent a manifest for ${ref.resource}:${reference} that is not JSON` });
    }
    if (manifest.config?.mediaType !== FEATURE_CONFIG_MEDIA_TYPE || !manifest.layers?.length) {
      return fail({ message: `${ref.resource}:${reference} is not a dev container feature (its config media type is ${manifest.config?.mediaType ?? 'missing'})`, fix: 'Check the reference: it should name a feature published with `devcontainer features publish`.' });
    }
    return ok({ manifest, digest, raw: r.value });
  }

  async blob(ref: OciRef, digest: string): Promise<Result<Buffer>> {
    const r = await this.get(ref, `blobs/${digest}`, '*/*');
    if (!r.ok) return r;
    const got = sha256(r.value);
    return got === digest ? r : fail({ message: `the download of ${ref.resource} (${digest}) is corrupt: its digest is ${got}`, fix: 'Run the command again; if it persists, the registry serves a broken blob.' });
  }

  private async get(ref: OciRef, what: string, accept: string): Promise<Result<Buffer>> {
    const url = `${scheme(ref.registry)}://${ref.registry}/v2/${ref.path}/${what}`;
    const send = async (authorization?: string) => {
      this.requests++;
      return fetch(url, { headers: { accept, 'user-agent': 'berth', ...(authorization ? { authorization } : {}) } });
    };
    try {
      let res = await send(this.authHeader.get(ref.registry));
      if (res.status === 401 || res.status === 403) {
        const challenge = res.headers.get('www-authenticate');
        await res.arrayBuffer().catch(() => undefined);
        const header = challenge ? await this.answer(ref, challenge) : undefined;
        if (!header?.ok) return fail(header?.ok === false ? header.error : unauthorized(ref));
        res = await send(header.value);
        if (res.status !== 401 && res.status !== 403) this.authHeader.set(ref.registry, header.value);
      }
      if (res.status === 401 || res.status === 403) return fail(unauthorized(ref));
      if (res.status === 404) return fail({ message: `${ref.registry} has no ${what.startsWith('manifests/') ? `${ref.path}:${what.slice(10)}` : `blob ${what.slice(6)} of ${ref.path}`}`, fix: 'Check the feature reference and its version.' });
      if (!res.ok) return fail({ message: `${ref.registry} answered ${res.status} ${res.statusText} for ${ref.path}` });
      return ok(Buffer.from(await res.arrayBuffer()));
    } catch (err) {
      const cause = (err as { cause?: { code?: string; message?: string } }).cause;
      return fail({ message: `cannot reach the registry ${ref.registry}: ${cause?.code ?? cause?.message ?? (err as Error).message}`, fix: 'Check the network and the registry address in the feature reference.' });
    }
  }

  /** The Authorization header that answers a challenge; credentials never reach a message. */
  private async answer(ref: OciRef, challenge: string): Promise<Result<string> | undefined> {
    const credential = featureCredential(ref.registry, this.env);
    const basic = credential ? `Basic ${Buffer.from(`${credential.username}:${credential.password}`).toString('base64')}` : undefined;
    const [kind] = challenge.split(' ');
    if (kind.toLowerCase() === 'basic') return basic ? ok(basic) : undefined;
    if (kind.toLowerCase() !== 'bearer') return fail({ message: `${ref.registry} asks for an unsupported authentication scheme "${kind}"` });
    const param = (name: string) => new RegExp(`${name}="([^"]*)"`).exec(challenge)?.[1];
    const realm = param('realm');
    if (!realm) return fail({ message: `${ref.registry} sent a Bearer challenge without a realm` });
    const tokenUrl = new URL(realm);
    const service = param('service');
    if (service) tokenUrl.searchParams.set('service', service);
    tokenUrl.searchParams.set('scope', param('scope') ?? `repository:${ref.path}:pull`);
    this.requests++;
    const res = await fetch(tokenUrl, { headers: { 'user-agent': 'berth', ...(basic ? { authorization: basic } : {}) } });
    if (!res.ok) return undefined;
    const body = (await res.json().catch(() => ({}))) as { token?: string; access_token?: string };
    const token = body.token ?? body.access_token;
    return token ? ok(`Bearer ${token}`) : undefined;
  }
}

function unauthorized(ref: OciRef) {
  return {
    message: `${ref.registry} refused access to ${ref.path}: no valid credentials`,
    fix: `Run \`docker login ${ref.registry}\`, or set DEVCONTAINERS_OCI_AUTH=${ref.registry}|<user>|<token>${ref.registry === 'ghcr.io' ? ' or GITHUB_TOKEN' : ''}.`,
  };
}

/** Docker's rule: a registry on this machine speaks plain HTTP. */
function scheme(registry: string): 'http' | 'https' {
  const host = new URL(`https://${registry}`).hostname;
  return host === 'localhost' || host === '127.0.0.1' || host === '[::1]' ? 'http' : 'https';
}

export function sha256(data: Buffer): string {
  return `sha256:${createHash('sha256').update(data).digest('hex')}`;
}
