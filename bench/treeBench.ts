// The Containers tree with 500 containers: a refresh (the helper's list over RPC, then
// grouping and labelling every row) against the engine's own list call, in one run.
import { engine as resolveEngine } from '../runtime-helper/engine/docker';
import type { HelperClient } from '../runtime-helper/rpc/client';
import { containerContext, groupContainers, stateIcon } from '../src/tree/grouping';
import { ratio, stats, type Stats } from './measure';

const CONTAINERS = 500;
const ROUNDS = 15;
const IMAGE = 'berth-base:bookworm';

export interface TreeBenchResult {
  containers: number;
  engineList: Stats;
  treeRefresh: Stats;
  ratio: number;
}

export async function treeBench(client: HelperClient): Promise<TreeBenchResult> {
  const docker = resolveEngine();
  const ids: string[] = [];
  try {
    for (let i = 0; i < CONTAINERS; i += 10) {
      const batch = await Promise.all(
        Array.from({ length: 10 }, (_, j) =>
          docker.createContainer({ Image: IMAGE, Cmd: ['true'], Labels: { 'berth.bench': '1', ...(j % 3 === 0 ? { 'devcontainer.local_folder': `/bench/ws${i + j}` } : {}) } }),
        ),
      );
      ids.push(...batch);
    }
    const engine: number[] = [];
    const tree: number[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      let t = performance.now();
      await docker.listContainers({ all: true });
      engine.push(performance.now() - t);
      t = performance.now();
      const list = await client.request('containers.list', {});
      if (!list.ok) throw new Error(list.error.message);
      for (const group of groupContainers(list.value)) for (const c of group.items) void [c.name, stateIcon(c.state), containerContext(c), `${c.image} · ${c.status}`];
      tree.push(performance.now() - t);
    }
    const engineList = stats(engine);
    const treeRefresh = stats(tree);
    return { containers: CONTAINERS, engineList, treeRefresh, ratio: ratio(treeRefresh.medianMs, engineList.medianMs) };
  } finally {
    for (let i = 0; i < ids.length; i += 20) await Promise.all(ids.slice(i, i + 20).map((id) => docker.removeContainer(id, { force: true }).catch(() => undefined)));
  }
}
