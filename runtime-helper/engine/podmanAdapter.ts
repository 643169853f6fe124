// Podman's differences from Docker, in one place, decided by the engine's description:
// the create options a dev container needs there, and what Podman's answers say differently.
// Everything else (images named `localhost/<name>` resolve by their short name, live events
// stream as Docker's) needs nothing here; nothing in Berth asks for past (`since`) events,
// which Podman's Docker API returns empty.
import { existsSync } from 'node:fs';
import type { ContainerPlan } from './createContainer';
import type { ContainerSpec, ContainerSummary, Mount } from './engine';
import type { EngineDescription } from './engineDescription';
import { fail, type Result } from '../util/result';

export interface AdaptedPlan {
  plan: ContainerPlan;
  /** What was changed from the config's own options, for the progress log. */
  notes: string[];
}

/**
 * The create options for this engine. On Podman, as the devcontainer CLI does: SELinux
 * labelling off and keep-id where it applies (podmanIsolation), and bind mounts as Podman
 * takes them safely (podmanBinds).
 */
export function adaptCreateOptions(engine: EngineDescription, plan: ContainerPlan, remoteUser: string): AdaptedPlan {
  if (engine.flavour !== 'podman') return { plan, notes: [] };
  const host = plan.options.HostConfig ?? {};
  const origins = [...plan.origins];
  const keepIdFrom = plan.origins.find((o) => o.option === 'HostConfig.UsernsMode')?.label;
  const isolation = podmanIsolation(engine, { securityOpt: host.SecurityOpt ?? [], usernsMode: host.UsernsMode, keepIdFrom }, remoteUser);
  if (isolation.keepIdAdded) origins.push({ option: 'HostConfig.UsernsMode', property: 'remoteUser', label: `remoteUser "${remoteUser}" (Berth adds --userns=keep-id on rootless Podman)` });
  const { mounts, binds, refusal } = podmanBinds(engine, host.Mounts ?? []);
  const options: ContainerSpec = {
    ...plan.options,
    HostConfig: { ...host, SecurityOpt: isolation.securityOpt, UsernsMode: isolation.usernsMode, ...(binds.length ? { Mounts: mounts, Binds: binds } : {}) },
  };
  return { plan: { options, origins, refusal }, notes: isolation.notes };
}

export interface PodmanIsolation {
  securityOpt: string[];
  usernsMode: string | undefined;
  /** Berth added keep-id for the remote user (it was not asked for). */
  keepIdAdded: boolean;
  notes: string[];
}

/**
 * A Podman container's isolation, for a single container and a compose service alike:
 * SELinux labelling off unless the config sets a label option (the workspace bind is not
 * relabelled; `z` is no `--mount` option), and `keep-id` so a non-root remoteUser owns the
 * workspace, only when rootless: rootful Podman refuses keep-id ("only supported in rootless
 * mode"), where the devcontainer CLI's `up` fails, so one asked for is left out there.
 */
export function podmanIsolation(engine: EngineDescription, current: { securityOpt: string[]; usernsMode: string | undefined; keepIdFrom?: string }, remoteUser: string): PodmanIsolation {
  const labelSet = current.securityOpt.some((o) => /^label[=:]/.test(o));
  const securityOpt = labelSet ? current.securityOpt : [...current.securityOpt, 'label=disable'];
  if (isKeepId(current.usernsMode) && !engine.rootless) {
    const note = `${current.keepIdFrom ?? '--userns=keep-id'} is left out: rootful Podman refuses keep-id (it is for rootless Podman), and as root the container's user IDs already are the host's`;
    return { securityOpt, usernsMode: undefined, keepIdAdded: false, notes: [note] };
  }
  if (engine.rootless && current.usernsMode === undefined && !isRoot(remoteUser)) {
    const note = `--userns=keep-id: rootless Podman maps your user ID into the container, so "${remoteUser}" owns the workspace`;
    return { securityOpt, usernsMode: 'keep-id', keepIdAdded: true, notes: [note] };
  }
  return { securityOpt, usernsMode: current.usernsMode, keepIdAdded: false, notes: [] };
}

/**
 * Bind mounts as Podman takes them safely. Its Docker API reads a bind mount's paths as a
 * `--mount` line again, so a comma in a path starts another option (a folder named
 * `proj,src=/etc` would mount /etc): such a mount goes as a `Binds` entry (`source:target:options`),
 * which keeps commas. And where Docker refuses a bind source that does not exist, Podman
 * creates it on the host: Berth refuses it first, in Docker's words.
 */
function podmanBinds(engine: EngineDescription, all: Mount[]): { mounts: Mount[]; binds: string[]; refusal?: string } {
  const bindMounts = all.filter((m) => m.Type === 'bind');
  const missing = engine.isLocal ? bindMounts.find((m) => !existsSync(m.Source)) : undefined;
  if (missing) return { mounts: all, binds: [], refusal: `invalid mount config for type "bind": bind source path does not exist: ${missing.Source}` };
  const unmountable = bindMounts.find((m) => podmanBindForm(m) === 'neither');
  if (unmountable) return { mounts: all, binds: [], refusal: `invalid mount config for type "bind": ${PODMAN_UNMOUNTABLE}: ${unmountable.Source}` };
  const asBinds = bindMounts.filter((m) => podmanBindForm(m) === 'binds');
  const binds = asBinds.map((m) => [m.Source, m.Target, [m.ReadOnly ? 'ro' : 'rw', ...(m.BindOptions?.Propagation ? [m.BindOptions.Propagation] : [])].join(',')].join(':'));
  return { mounts: all.filter((m) => !asBinds.includes(m)), binds };
}

export const PODMAN_UNMOUNTABLE = 'Podman cannot mount a path that holds both "," and ":"';

/**
 * How Podman's Docker API takes a bind mount whole: as a mount unless a path holds a comma
 * (the API splits mounts again at commas), then as a `source:target` bind, unless a path also
 * holds a colon. Compose's short volume syntax is such a bind, its long syntax such a mount.
 */
export function podmanBindForm(m: { Source: string; Target: string }): 'mounts' | 'binds' | 'neither' {
  const paths = m.Source + m.Target;
  if (!paths.includes(',')) return 'mounts';
  return paths.includes(':') ? 'neither' : 'binds';
}

function isKeepId(mode: string | undefined): boolean {
  return mode === 'keep-id' || (mode ?? '').startsWith('keep-id:');
}

function isRoot(user: string): boolean {
  const name = user.split(':')[0];
  return name === 'root' || name === '0' || name === '';
}

/** Refusals only Podman gives, each with the fix on the host that the config cannot make. */
const PODMAN_REFUSALS: [RegExp, string][] = [
  [/rlimit/i, "Podman's default ulimits exceed this host's hard limits: set default_ulimits (nofile, nproc within `ulimit -Hn` and `ulimit -Hu`) in the [containers] table of containers.conf (the file CONTAINERS_CONF names, else /etc/containers/containers.conf), then restart `podman system service`."],
  [/catatonit/i, 'Podman runs "init": true with catatonit: install it (apt-get install catatonit), or set "init": false.'],
  [/slirp4netns|\/dev\/net\/tun/i, 'Rootless Podman cannot make its user-mode network here (slirp4netns needs /dev/net/tun): add "--network=host" to runArgs, or give this machine /dev/net/tun.'],
];

/** A refusal no config entry explains (it names no file), on Podman: said to be Podman's, with its fix when it is one of those. */
export function podmanRefusal<T>(engine: EngineDescription, result: Result<T>): Result<T> {
  if (result.ok || engine.flavour !== 'podman' || result.error.file !== undefined) return result;
  const known = PODMAN_REFUSALS.find(([words]) => words.test(result.error.message));
  if (!known) return result;
  return fail({ ...result.error, message: `Podman: ${result.error.message}`, fix: known[1] });
}

/** Container lists with `State` as Docker spells it (`running`): older Podman answered `Running`, `Exited`. */
export function withDockerStates(list: ContainerSummary[]): ContainerSummary[] {
  return list.map((c) => (typeof c.State === 'string' && c.State !== c.State.toLowerCase() ? { ...c, State: c.State.toLowerCase() } : c));
}

/** Podman's events say `remove` where Docker's say `destroy` (images: `delete`). Docker never says `remove`,
 * so the word is translated whichever engine sent it. */
export function dockerEventAction(type: string, action: string): string {
  return action === 'remove' ? (type === 'image' ? 'delete' : 'destroy') : action;
}

/** The user Podman names when it refuses to copy out of a container whose own user it cannot find in the
 * container's /etc/passwd ("determining run uid: … looking up user "dev""): that user does not exist there. */
export function podmanUnknownUser(message: string): string | undefined {
  return /looking up user "([^"]+)"/.exec(message)?.[1];
}
