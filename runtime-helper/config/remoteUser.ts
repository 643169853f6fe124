// The one precedence for the user hooks, exec and terminals run as (the devcontainer CLI's):
// the config's remoteUser, else its containerUser, else what is known of the container.
import type { MergedConfig } from './types';

/**
 * `known` are the fallbacks, most specific first: the user the container was set up for,
 * then the image's or the container's own user. Root when nothing names one.
 */
export function resolveRemoteUser(config: Pick<MergedConfig, 'remoteUser' | 'containerUser'>, ...known: (string | undefined)[]): string {
  return [config.remoteUser, config.containerUser, ...known].find((user) => user) ?? 'root';
}
