// Messages between a container's stats chart and the extension host.
import type { ContainerStats } from '../../runtime-helper/rpc/protocol';

export type ToStatsView =
  | { type: 'sample'; time: number; stats: ContainerStats }
  /** The container stopped: the chart keeps what it has and carries on if it starts again. */
  | { type: 'stopped' }
  | { type: 'error'; message: string };

export type FromStatsView = { type: 'ready' };
