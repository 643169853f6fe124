// What a feature declares (devcontainer-feature.json) and what resolving one yields.
import type { DevContainerConfig } from '../config/types';
import type { Result } from '../util/result';
import type { FeatureRef } from './ref';

export interface FeatureOption {
  type?: 'string' | 'boolean';
  default?: string | boolean;
  proposals?: string[];
  enum?: string[];
  description?: string;
}

/** The properties a feature may contribute to the image metadata (the CLI's list). */
export const FEATURE_METADATA_KEYS = ['onCreateCommand', 'updateContentCommand', 'postCreateCommand', 'postStartCommand', 'postAttachCommand', 'init', 'privileged', 'capAdd', 'securityOpt', 'entrypoint', 'mounts', 'customizations'] as const;

export interface FeatureMetadata extends Partial<Pick<DevContainerConfig, 'init' | 'privileged' | 'capAdd' | 'securityOpt' | 'mounts' | 'customizations' | 'onCreateCommand' | 'updateContentCommand' | 'postCreateCommand' | 'postStartCommand' | 'postAttachCommand'>> {
  id: string;
  version?: string;
  name?: string;
  description?: string;
  documentationURL?: string;
  options?: Record<string, FeatureOption>;
  dependsOn?: Record<string, unknown>;
  installsAfter?: string[];
  legacyIds?: string[];
  currentId?: string;
  containerEnv?: Record<string, string>;
  entrypoint?: string;
}

/** One feature of the install set, with its metadata known and its contents on disk. */
export interface ResolvedFeature {
  /** The key it was given under: devcontainer.json's `features`, or a dependsOn key. */
  userId: string;
  ref: FeatureRef;
  /** The value written in the config: an options object, a version string or a boolean. */
  value: unknown;
  meta: FeatureMetadata;
  /** OCI: the manifest digest; tarball: the archive's sha256. What the lockfile pins. */
  integrity?: string;
  /** The folder holding the unpacked feature (the local folder, or the cache). Resolving reads only the
   * metadata (for OCI, from the manifest's annotation), so this downloads what only an install needs. */
  content(): Promise<Result<string>>;
  /** The feature's id and the ids it had before (`currentId`, `legacyIds`). */
  aliases: string[];
  dependsOn: ResolvedFeature[];
  /** Soft dependencies, as references without version. */
  installsAfter: FeatureRef[];
  /** From overrideFeatureInstallOrder: higher installs earlier within what the graph allows. */
  priority: number;
}
