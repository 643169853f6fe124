// A feature reference as written in devcontainer.json, classified the way the devcontainer
// CLI classifies it: OCI, a local folder inside .devcontainer, or a tarball URL.
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { fail, ok, type Result } from '../util/result';

export type FeatureRef =
  | OciRef
  | { kind: 'local'; userId: string; id: string; dir: string }
  | { kind: 'tarball'; userId: string; id: string; url: string };

export interface OciRef {
  kind: 'oci';
  userId: string;
  registry: string;
  /** `registry/namespace/id` without tag or digest: what installsAfter matches. */
  resource: string;
  namespace: string;
  id: string;
  /** `namespace/id`, the repository path on the registry. */
  path: string;
  tag?: string;
  digest?: string;
}

export interface ParsedRef {
  ref: FeatureRef;
  /** A deprecation note for a legacy short id. */
  warning?: string;
}

const FEATURES_REPO = 'ghcr.io/devcontainers/features';
/** Short ids of the first feature generation and the OCI features that replaced them (the CLI's list). */
const LEGACY_SAME_NAME = ['aws-cli', 'azure-cli', 'desktop-lite', 'docker-in-docker', 'docker-from-docker', 'dotnet', 'git', 'git-lfs', 'github-cli', 'java', 'kubectl-helm-minikube', 'node', 'powershell', 'python', 'ruby', 'rust', 'sshd', 'terraform'];
const LEGACY_RENAMED: Record<string, string> = { golang: 'go', common: 'common-utils' };
/** Short ids the CLI folds into another feature, switched on by one of its options. */
const LEGACY_FOLDED: Record<string, { into: string; options: Record<string, boolean> }> = {
  gradle: { into: 'java', options: { installGradle: true } },
  maven: { into: 'java', options: { installMaven: true } },
  jupyterlab: { into: 'python', options: { installJupyterlab: true } },
};

export interface FoldedFeatures {
  features: Record<string, unknown>;
  warnings: string[];
  /** The config key each feature made or changed by a fold came from, so errors point there. */
  origin: Record<string, string>;
}

/**
 * `gradle`, `maven` and `jupyterlab` become an install option of `java` or `python`, as the
 * devcontainer CLI folds them: into that feature when the config has it (as a short id or an
 * OCI reference of any version), else into a new `…/java:1` entry after the others.
 */
export function foldLegacyFeatures(features: Record<string, unknown>): FoldedFeatures {
  const entries: [string, unknown][] = Object.entries(features);
  const warnings: string[] = [];
  const origin: Record<string, string> = {};
  for (const [legacy] of entries.filter(([id]) => LEGACY_FOLDED[id])) {
    const { into, options } = LEGACY_FOLDED[legacy];
    const resource = `${FEATURES_REPO}/${into}`;
    let target = entries.find(([id]) => id === into || id === resource || id.startsWith(`${resource}:`));
    if (target) {
      const value = target[1];
      target[1] = { ...(value !== null && typeof value === 'object' ? value : typeof value === 'string' ? { version: value } : {}), ...options };
    } else {
      target = [`${resource}:1`, { ...options }];
      entries.push(target);
      origin[target[0]] = legacy;
    }
    const written = Object.entries(options).map(([k, v]) => `"${k}": ${v}`).join(', ');
    warnings.push(`"${legacy}" is a deprecated feature id, now part of "${resource}"; using "${target[0]}" with ${written}. Write "${resource}:1": { ${written} } instead.`);
  }
  return { features: Object.fromEntries(entries.filter(([id]) => !LEGACY_FOLDED[id])), warnings, origin };
}

const PATH_RE = /^[a-z0-9]+([._-][a-z0-9]+)*(\/[a-z0-9]+([._-][a-z0-9]+)*)*$/;
const TAG_RE = /^[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}$/;
const DIGEST_RE = /^sha256:[a-f0-9]{64}$/;
const ID_RE = /^[a-zA-Z0-9_-]+$/;

/** `configFile` locates local features; they must live inside `<workspace>/.devcontainer`. */
export function parseFeatureRef(userId: string, configFile: string, workspaceFolder: string): Result<ParsedRef> {
  if (userId.startsWith('https://')) return tarballRef(userId);
  if (userId.startsWith('./') || userId.startsWith('../') || isAbsolute(userId)) return localRef(userId, configFile, workspaceFolder);
  if (!userId.includes('/')) {
    const replacement = LEGACY_SAME_NAME.includes(userId) ? userId : LEGACY_RENAMED[userId];
    if (replacement === undefined) {
      return fail({ message: `"${userId}" is a legacy feature id that no longer exists`, fix: `Use a published feature (https://containers.dev/features), or "./${userId}" for a folder in .devcontainer.` });
    }
    const mapped = `${FEATURES_REPO}/${replacement}:1`;
    const parsed = ociRef(mapped, userId);
    return parsed.ok ? ok({ ...parsed.value, warning: `"${userId}" is a deprecated feature id; using "${mapped}". Write "${mapped}" instead.` }) : parsed;
  }
  // Without a dot, a port or "localhost", the first part is a GitHub owner: the retired GitHub-release form.
  const first = userId.split('/')[0];
  if (!first.includes('.') && !first.includes(':') && first !== 'localhost') {
    const [owner, repo, id] = userId.replace(/@.*$/, '').split('/');
    return fail({
      message: `"${userId}" is a GitHub-release feature reference (owner/repo/id@version), a form the spec retired`,
      fix: `Use the feature's OCI reference instead, such as "ghcr.io/${owner}/${repo ?? 'features'}/${id ?? 'feature'}:1" (see https://containers.dev/features).`,
    });
  }
  return ociRef(userId, userId);
}

function ociRef(reference: string, userId: string): Result<ParsedRef> {
  const input = reference.toLowerCase();
  let resource = input;
  let tag: string | undefined;
  let digest: string | undefined;
  const at = input.lastIndexOf('@');
  const colon = input.lastIndexOf(':');
  if (at !== -1) {
    resource = input.slice(0, at);
    digest = input.slice(at + 1);
    if (!DIGEST_RE.test(digest)) return fail({ message: `"${reference}" has a malformed digest "${digest}"`, fix: 'Write the digest as sha256: followed by 64 hex digits.' });
  } else if (colon > input.lastIndexOf('/')) {
    resource = input.slice(0, colon);
    tag = input.slice(colon + 1);
    if (!TAG_RE.test(tag)) return fail({ message: `"${reference}" has a malformed tag "${tag}"` });
  } else {
    tag = 'latest';
  }
  const parts = resource.split('/');
  const registry = parts[0];
  const path = parts.slice(1).join('/');
  if (parts.length < 3 || !PATH_RE.test(path)) {
    return fail({ message: `"${reference}" is not a feature reference`, fix: 'Write registry/namespace/id[:tag|@sha256:digest], "./folder" for a local feature or an https://…/devcontainer-feature-<id>.tgz URL.' });
  }
  return ok({ ref: { kind: 'oci', userId, registry, resource, namespace: parts.slice(1, -1).join('/'), id: parts[parts.length - 1], path, tag, digest } });
}

function localRef(userId: string, configFile: string, workspaceFolder: string): Result<ParsedRef> {
  if (isAbsolute(userId)) return fail({ message: `the local feature "${userId}" has an absolute path`, fix: 'Write it relative to devcontainer.json, starting with "./", inside the .devcontainer folder.' });
  const dir = resolve(dirname(configFile), userId);
  const rel = relative(join(workspaceFolder, '.devcontainer'), dir);
  if (rel.startsWith('..') || isAbsolute(rel)) {
    return fail({ message: `the local feature "${userId}" is outside the .devcontainer folder (${dir})`, fix: 'Move the feature into a folder under .devcontainer and refer to it with "./".' });
  }
  return ok({ ref: { kind: 'local', userId, id: basename(dir), dir } });
}

function tarballRef(userId: string): Result<ParsedRef> {
  let url: URL;
  try {
    url = new URL(userId);
  } catch {
    return fail({ message: `"${userId}" is not a valid URL` });
  }
  const m = /^devcontainer-feature-(.+)\.tgz$/.exec(basename(url.pathname));
  if (!m || !ID_RE.test(m[1])) return fail({ message: `the tarball URL "${userId}" does not end in devcontainer-feature-<id>.tgz`, fix: 'Point it at a file named devcontainer-feature-<id>.tgz (letters, digits, "-" and "_" in the id).' });
  return ok({ ref: { kind: 'tarball', userId, id: m[1], url: url.toString() } });
}

/** The reference without tag or digest, as installsAfter and overrideFeatureInstallOrder name features. */
export function withoutVersion(userId: string): string {
  const m = /[:@][^/]*$/.exec(userId);
  return m ? userId.slice(0, m.index) : userId;
}
