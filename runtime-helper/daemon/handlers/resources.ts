// The engine's containers, images and volumes, summarised for the extension's trees.
import type { ContainerSummary as EngineContainerSummary, Engine, ImageSummary as EngineImageSummary } from '../../engine/engine';
import type { MessageConnection } from 'vscode-jsonrpc/node';
import { handle } from './handle';
import { engineMessage, engineUnreachable } from '../../engine/engineError';
import { LABEL_LOCAL_FOLDER } from '../../config/labels';
import type { ContainerSummary, ImageSummary, VolumeSummary } from '../../rpc/protocol';
import { fail, ok, type Result } from '../../util/result';
import type { Session } from '../helper';

export function registerResourceHandlers(conn: MessageConnection, session: Session): void {
  const engine = () => session.engine;
  const guarded = <T>(work: () => Promise<T>): Promise<Result<T>> =>
    work().then(ok, (err) => fail(engineUnreachable(err, session.engine.where) ?? { message: engineMessage(err) }));

  handle(conn, 'containers.list', () => guarded(async () => (await engine().listContainers({ all: true })).map(containerSummary)));
  handle(conn, 'containers.inspect', (p) => guarded(() => engine().inspectContainer(p.id)));
  handle(conn, 'containers.action', (p) =>
    guarded(async () => {
      const e = engine();
      if (p.action === 'start') await e.startContainer(p.id);
      else if (p.action === 'stop') await e.stopContainer(p.id, 5);
      else if (p.action === 'restart') await e.restartContainer(p.id, 5);
      else await e.removeContainer(p.id, { force: true, volumes: true });
    }),
  );

  handle(conn, 'images.list', () => guarded(async () => (await engine().listImages()).map(imageSummary)));
  handle(conn, 'images.remove', (p) => guarded(async () => void (await engine().removeImage(p.id))));
  handle(conn, 'images.prune', () =>
    guarded(async () => {
      const r = await engine().pruneDanglingImages();
      return { spaceReclaimed: r.SpaceReclaimed ?? 0, deleted: r.ImagesDeleted?.length ?? 0 };
    }),
  );

  handle(conn, 'volumes.list', () => guarded(() => listVolumes(engine())));
  handle(conn, 'volumes.remove', (p) => guarded(async () => void (await engine().removeVolume(p.name))));
  handle(conn, 'volumes.prune', () =>
    guarded(async () => {
      // Since API 1.42 the engine prunes only anonymous volumes unless asked for all unused
      // ones, which is what the user confirmed; older engines reject the filter.
      const { ApiVersion } = await engine().version();
      const r = await engine().pruneVolumes(apiAtLeast(ApiVersion, 1, 42) ? { all: ['true'] } : {});
      return { spaceReclaimed: r.SpaceReclaimed ?? 0, deleted: r.VolumesDeleted?.length ?? 0 };
    }),
  );
}

function apiAtLeast(version: string, major: number, minor: number): boolean {
  const [a, b] = version.split('.').map(Number);
  return a > major || (a === major && b >= minor);
}

function containerSummary(c: EngineContainerSummary): ContainerSummary {
  return {
    id: c.Id,
    name: (c.Names[0] ?? c.Id.slice(0, 12)).replace(/^\//, ''),
    image: c.Image,
    state: c.State,
    status: c.Status,
    created: c.Created,
    labels: c.Labels ?? {},
    ports: (c.Ports ?? []).map((p) => ({ containerPort: p.PrivatePort, hostPort: p.PublicPort, hostIp: p.IP })),
    localFolder: c.Labels?.[LABEL_LOCAL_FOLDER],
    composeProject: c.Labels?.['com.docker.compose.project'],
  };
}

function imageSummary(i: EngineImageSummary): ImageSummary {
  const tags = (i.RepoTags ?? []).filter((t) => t !== '<none>:<none>');
  return { id: i.Id, repoTags: tags, size: i.Size, created: i.Created, dangling: tags.length === 0 };
}

async function listVolumes(engine: Engine): Promise<VolumeSummary[]> {
  // One df call gives sizes and usage for every volume; the container list names the users.
  const [sizes, containers] = await Promise.all([engine.volumeSizes(), engine.listContainers({ all: true })]);
  const volumes = await engine.listVolumes();
  return volumes.map((v) => ({
    name: v.Name,
    driver: v.Driver,
    mountpoint: v.Mountpoint,
    size: sizes.get(v.Name) !== undefined && sizes.get(v.Name)! >= 0 ? sizes.get(v.Name) : undefined,
    usedBy: containers.filter((c) => c.Mounts?.some((m) => m.Name === v.Name)).map((c) => (c.Names[0] ?? c.Id).replace(/^\//, '')),
  }));
}
