// The devcontainer.json shape Berth understands (containers.dev reference),
// and what loading a config yields. Shared by config/, engine/ and the CLI.
import type { Mount } from './mounts';
import type { ContainerHookName, MountType, OnAutoForward, PortProtocol, ShutdownAction, UserEnvProbe, WaitFor } from '../rpc/spec';
import type { BerthError } from '../util/result';

/** A lifecycle command: a shell string, an argv array (no shell), or named commands run in parallel. */
export type LifecycleCommand = string | string[] | Record<string, string | string[]>;

export interface MountObject {
  type: MountType;
  source?: string;
  target: string;
  readonly?: boolean;
}

export interface PortAttributes {
  label?: string;
  protocol?: PortProtocol;
  onAutoForward?: OnAutoForward;
  requireLocalPort?: boolean;
  elevateIfNeeded?: boolean;
}

export interface BuildOptions {
  dockerfile?: string;
  context?: string;
  args?: Record<string, string>;
  target?: string;
  cacheFrom?: string | string[];
  options?: string[];
}

export interface DevContainerConfig {
  name?: string;
  image?: string;
  build?: BuildOptions;
  /** Legacy top-level forms of build.dockerfile / build.context. */
  dockerFile?: string;
  context?: string;
  dockerComposeFile?: string | string[];
  service?: string;
  runServices?: string[];

  workspaceFolder?: string;
  workspaceMount?: string;
  mounts?: (string | MountObject)[];

  containerEnv?: Record<string, string>;
  remoteEnv?: Record<string, string | null>;
  containerUser?: string;
  remoteUser?: string;
  updateRemoteUserUID?: boolean;
  userEnvProbe?: UserEnvProbe;
  overrideCommand?: boolean;
  shutdownAction?: ShutdownAction;
  init?: boolean;
  privileged?: boolean;
  capAdd?: string[];
  securityOpt?: string[];
  runArgs?: string[];

  appPort?: number | string | (number | string)[];
  forwardPorts?: (number | string)[];
  portsAttributes?: Record<string, PortAttributes>;
  otherPortsAttributes?: PortAttributes;

  initializeCommand?: LifecycleCommand;
  onCreateCommand?: LifecycleCommand;
  updateContentCommand?: LifecycleCommand;
  postCreateCommand?: LifecycleCommand;
  postStartCommand?: LifecycleCommand;
  postAttachCommand?: LifecycleCommand;
  waitFor?: WaitFor;

  features?: Record<string, unknown>;
  overrideFeatureInstallOrder?: string[];
  customizations?: Record<string, unknown>;
  hostRequirements?: Record<string, unknown>;
}

/** A config read from disk, checked, with the host-side variables substituted. */
export interface LoadedConfig {
  /** Absolute path of the devcontainer.json that was read. */
  configFile: string;
  /** Absolute host path of the workspace folder. */
  workspaceFolder: string;
  /**
   * The config as written (legacy keys lifted), before substitution: what the metadata label
   * stores, as the devcontainer CLI does, so ${localEnv:…} values stay on the host.
   */
  raw: DevContainerConfig;
  /** The config after ${localEnv}, ${localWorkspaceFolder*}, ${containerWorkspaceFolder*} and ${devcontainerId}. */
  config: DevContainerConfig;
  /** Unknown properties and other non-fatal findings, each with file:line:col. */
  warnings: BerthError[];
  /** Stable across rebuilds: derived from the identity labels. */
  devcontainerId: string;
  /** The working folder in the container: workspaceFolder, or where the workspace lies in the default mount. */
  containerWorkspaceFolder: string;
  /** The workspace mount: workspaceMount, or the workspace's Git repository (else the workspace) bound at /workspaces/<basename>. */
  workspaceMount: Mount;
  /** Identity labels shared with the devcontainer CLI. */
  labels: { 'devcontainer.local_folder': string; 'devcontainer.config_file': string };
  /** Where a property (JSON path such as `runArgs.3` or `build.dockerfile`) stands in configFile, for engine-time errors. */
  locate(path: string): { line: number; column: number } | undefined;
}

export interface LoadOptions {
  workspaceFolder: string;
  /** Explicit --config; otherwise discovered. */
  configFile?: string;
  /** The host environment for ${localEnv:…}; defaults to process.env. */
  env?: NodeJS.ProcessEnv;
}

/** One entry's command for a hook, with the feature that contributed it (the entry's `id`; none for the config's own). */
export interface HookCommand {
  command: LifecycleCommand;
  feature?: string;
}

/**
 * The config merged with the image's devcontainer.metadata label, as the spec merges them.
 * Lifecycle hooks are collected from every entry (image first, config last) and all run.
 */
export interface MergedConfig extends Omit<DevContainerConfig, ContainerHookName> {
  hooks: Record<ContainerHookName, HookCommand[]>;
  /** Features' `entrypoint` commands, in install order: each runs when the container starts. */
  entrypoints?: string[];
}
