// Stage 3 of `up`: a provisioner per source kind brings the container to running (finds it,
// starts it, or creates it from the prepared image). The one dispatch on the source kind.
import type { ContainerSummary } from '../engine/engine';
import type { MergedConfig } from '../config/types';
import type { RunContext, UpRequest } from './context';
import type { Loaded, Source } from './load';
import type { BaseImage } from './prepareImage';
import type { FirstHookInInit } from './firstHookInInit';
import { composeProvisioner } from './provisioners/compose';
import { singleProvisioner } from './provisioners/single';

export interface Provisioned {
  containerId: string;
  /** The config merged with the image's metadata entries the container was made with. */
  merged: MergedConfig;
  /** The container's labels (who made it). */
  labels: ContainerSummary['Labels'];
  /** It was running before this `up`. */
  wasRunning: boolean;
  /** This `up` created it. */
  created: boolean;
  /** Found stopped and not started (a restart's `up` after a `down`): nothing is due in it. */
  leftStopped?: boolean;
  /** For a created container: the user its image was prepared for. */
  remoteUser?: string;
  /** For a created container: its init process runs the first create hook (up/firstHookInInit.ts). */
  firstHook?: FirstHookInInit;
}

export interface Provisioner {
  /** The image before the extension stages: pulled or built (what `build` starts from too). */
  baseImage(ctx: RunContext, loaded: Loaded, request: UpRequest): Promise<BaseImage>;
  /** The container running, found or created. */
  provision(ctx: RunContext, loaded: Loaded, request: UpRequest): Promise<Provisioned>;
}

const PROVISIONERS: Record<Source['kind'], Provisioner> = {
  image: singleProvisioner,
  dockerfile: singleProvisioner,
  compose: composeProvisioner,
};

export function provisionerFor(source: Source): Provisioner {
  return PROVISIONERS[source.kind];
}
