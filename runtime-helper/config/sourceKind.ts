// What a config runs: the one dispatch `up`, `down` and `build` begin with.
import type { DevContainerConfig } from './types';

export type SourceKind = 'image' | 'dockerfile' | 'compose';

/** validateConfig has made sure exactly one of them is set. */
export function sourceKind(config: DevContainerConfig): SourceKind {
  if (config.dockerComposeFile !== undefined) return 'compose';
  return config.dockerFile !== undefined || config.build?.dockerfile !== undefined ? 'dockerfile' : 'image';
}
