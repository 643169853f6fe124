// One sample of a container's stats as `docker stats` computes it from the engine's
// stats document: CPU % against the host's CPUs, memory without the page cache, and the
// sums of network and block I/O since the container started.
import type { ContainerStats } from '../rpc/protocol';

/** The parts of GET /containers/{id}/stats that `docker stats` reads. */
export interface EngineStatsDocument {
  cpu_stats?: { cpu_usage?: { total_usage?: number; percpu_usage?: number[] }; system_cpu_usage?: number; online_cpus?: number };
  precpu_stats?: { cpu_usage?: { total_usage?: number }; system_cpu_usage?: number };
  memory_stats?: { usage?: number; limit?: number; stats?: Record<string, number> };
  networks?: Record<string, { rx_bytes?: number; tx_bytes?: number }>;
  blkio_stats?: { io_service_bytes_recursive?: { op?: string; value?: number }[] | null };
}

export function containerStats(id: string, s: EngineStatsDocument): ContainerStats {
  const cpuDelta = (s.cpu_stats?.cpu_usage?.total_usage ?? 0) - (s.precpu_stats?.cpu_usage?.total_usage ?? 0);
  const systemDelta = (s.cpu_stats?.system_cpu_usage ?? 0) - (s.precpu_stats?.system_cpu_usage ?? 0);
  const cpus = s.cpu_stats?.online_cpus || s.cpu_stats?.cpu_usage?.percpu_usage?.length || 1;
  // The stream's first document has no previous sample: its CPU % would be the average since boot.
  const hasPrevious = Boolean(s.precpu_stats?.system_cpu_usage);
  const cpuPercent = hasPrevious && cpuDelta > 0 && systemDelta > 0 ? (cpuDelta / systemDelta) * cpus * 100 : 0;
  const network = Object.values(s.networks ?? {});
  const io = s.blkio_stats?.io_service_bytes_recursive ?? [];
  const ioSum = (op: string) => io.filter((e) => e.op?.toLowerCase() === op).reduce((n, e) => n + (e.value ?? 0), 0);
  return {
    id,
    cpuPercent,
    memoryUsed: memoryUsed(s.memory_stats),
    memoryLimit: s.memory_stats?.limit ?? 0,
    networkRx: network.reduce((n, x) => n + (x.rx_bytes ?? 0), 0),
    networkTx: network.reduce((n, x) => n + (x.tx_bytes ?? 0), 0),
    blockRead: ioSum('read'),
    blockWrite: ioSum('write'),
  };
}

/** As the docker CLI: usage less the inactive page cache (cgroup v1 and v2 name it differently). */
function memoryUsed(m: EngineStatsDocument['memory_stats']): number {
  const usage = m?.usage ?? 0;
  const stats = m?.stats ?? {};
  const cache = stats.total_inactive_file ?? stats.inactive_file;
  return cache !== undefined && cache < usage ? usage - cache : usage;
}
