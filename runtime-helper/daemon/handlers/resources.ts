// The engine's containers, images and volumes, summarised for the extension's trees.
import type Docker from 'dockerode';
import type { MessageConnection } from 'vscode-jsonrpc/node';
import { handle } from './handle';
import { engineMessage, engineUnreachable } from '../../engine/engineError';
import { LABEL_LOCAL_FOLDER } from '../../config/labels';
import type { ContainerSummary, ImageSummary, VolumeSummary } from '../../rpc/protocol';
import { fail, ok, type Result } from '../../util/result';
import type { Session } from '../helper';

export function registerResourceHandlers(conn: MessageConnection, session: Session): void {
  const docker = () => session.engine.docker;
  const guarded = <T>(work: () => Promise<T>): Promise<Result<T>> =>
    work().then(ok, (err) => fail(engineUnreachable(err, session.engine.description) ?? { message: engineMessage(err) }));

  handle(conn, 'containers.list', () => guarded(async () => (await docker().listContainers({ all: true })).map(containerSummary)));
  handle(conn, 'containers.inspect', (p) => guarded(() => docker().getContainer(p.id).inspect()));
  handle(conn, 'containers.action', (p) =>
    guarded(async () => {
      const c = docker().getContainer(p.id);
      if (p.action === 'start') await c.start();
      else if (p.action === 'stop') await c.stop({ t: 5 });
      else if (p.action === 'restart') await c.restart({ t: 5 });
      else await c.remove({ force: true, v: true });
    }),
  );

  handle(conn, 'images.list', () => guarded(async () => (await docker().listImages({ all: false })).map(imageSummary)));
  handle(conn, 'images.remove', (p) => guarded(async () => void (await docker().getImage(p.id).remove())));
  handle(conn, 'images.prune', () =>
    guarded(async () => {
      const r = await docker().pruneImages({ filters: { dangling: { true: true } } });
      return { spaceReclaimed: r.SpaceReclaimed ?? 0, deleted: r.ImagesDeleted?.length ?? 0 };
    }),
  );

  handle(conn, 'volumes.list', () => guarded(() => listVolumes(docker())));
  handle(conn, 'volumes.remove', (p) => guarded(async () => void (await docker().getVolume(p.name).remove())));
  handle(conn, 'volumes.prune', () =>
    guarded(async () => {
      // Since API 1.42 the engine prunes only anonymous volumes unless asked for all unused
      // ones, which is what the user confirmed; older engines reject the filter.
      const { ApiVersion } = await docker().version();
      const r = await docker().pruneVolumes(apiAtLeast(ApiVersion, 1, 42) ? { filters: { all: ['true'] } } : {});
      return { spaceReclaimed: r.SpaceReclaimed ?? 0, deleted: r.VolumesDeleted?.length ?? 0 };
    }),
  );
}

function apiAtLeast(version: string, major: number, minor: number): boolean {
  const [a, b] = version.split('.').map(Number);
  return a > major || (a === major && b >= minor);
}

function containerSummary(c: Docker.ContainerInfo): ContainerSummary {
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

function imageSummary(i: Docker.ImageInfo): ImageSummary {
  const tags = (i.RepoTags ?? []).filter((t) => t !== '<none>:<none>');
  return { id: i.Id, repoTags: tags, size: i.Size, created: i.Created, dangling: tags.length === 0 };
}

async function listVolumes(docker: Docker): Promise<VolumeSummary[]> {
  // One df call gives sizes and usage for every volume; the container list names the users.
  const [df, containers] = await Promise.all([docker.df() as Promise<{ Volumes?: { Name: string; UsageData?: { Size: number } }[] }>, docker.listContainers({ all: true })]);
  const volumes = (await docker.listVolumes()).Volumes ?? [];
  const sizes = new Map((df.Volumes ?? []).map((v) => [v.Name, v.UsageData?.Size]));
  return volumes.map((v) => ({
    name: v.Name,
    driver: v.Driver,
    mountpoint: v.Mountpoint,
    size: sizes.get(v.Name) !== undefined && sizes.get(v.Name)! >= 0 ? sizes.get(v.Name) : undefined,
    usedBy: containers.filter((c) => c.Mounts?.some((m) => m.Name === v.Name)).map((c) => (c.Names[0] ?? c.Id).replace(/^\//, '')),
  }));
}
