// The single-container provisioner: an image or Dockerfile config becomes one container,
// found by its identity labels or created from the prepared image.
import { mergeMetadata, metadataLabelFor, parseMetadataLabel } from '../../config/metadata';
import { throwIfCancelled } from '../../engine/cancel';
import { createContainer } from '../../engine/createContainer';
import { createOptions, imageCommandOf } from '../../engine/createOptions';
import { findDevContainer } from '../../engine/findContainer';
import { LABEL_METADATA } from '../../config/labels';
import { adaptCreateOptions, podmanRefusal } from '../../engine/podmanAdapter';
import { missingUser } from '../../engine/userCheck';
import { timed } from '../../util/progress';
import { unwrap } from '../../util/result';
import type { Provisioner } from '../provision';
import { prepareImage, singleBaseImage } from '../prepareImage';
import { runInitializeCommand } from '../setupInside';
import { planFirstHookInInit, withInitCommand } from '../firstHookInInit';
import { withServerVolume } from '../../vscodeServer/serverVolume';

export const singleProvisioner: Provisioner = {
  baseImage: singleBaseImage,

  async provision(ctx, loaded, request) {
    const { engine, progress, signal } = ctx;
    let existing = await findDevContainer(engine, loaded.workspaceFolder, loaded.configFile);
    if (existing && request.removeExistingContainer) {
      // Its anonymous volumes go with it (the engine never removes named ones this way).
      await timed(progress, 'create', 'Removing the existing container', () => engine.removeContainer(existing!.Id, { force: true, volumes: true }));
      existing = undefined;
    }
    if (existing) {
      const running = existing.State === 'running';
      // A restart's `up` follows a start seen in the engine's events, which can arrive after a `down`
      // (Podman's stream lags): a container stopped since is left so, as starting it would undo the down.
      const leftStopped = !running && request.afterRestart === true;
      if (!running && !leftStopped) await timed(progress, 'start', 'Starting the container', () => engine.startContainer(existing!.Id));
      const merged = mergeMetadata(loaded.config, parseMetadataLabel(existing.Labels[LABEL_METADATA]).slice(0, -1));
      return { containerId: existing.Id, merged, labels: existing.Labels, wasRunning: running, created: false, leftStopped };
    }

    await runInitializeCommand(ctx, loaded);
    throwIfCancelled(signal, 'up');
    const base = await singleBaseImage(ctx, loaded, request);
    throwIfCancelled(signal, 'up');
    const { imageEntries, merged, remoteUser, runImage } = await prepareImage(ctx, loaded, base, request);
    // The features' and UID stages keep the base image's ENTRYPOINT and CMD.
    const { entrypoint, cmd } = imageCommandOf(base.info);
    const described = await engine.description();
    const planned = unwrap(createOptions(loaded, merged, runImage, metadataLabelFor(loaded.raw, imageEntries), ctx.env, [...entrypoint, ...cmd]));
    const { plan, notes } = adaptCreateOptions(described, request.remoteServerVolume ? withServerVolume(planned, loaded) : planned, remoteUser);
    for (const message of notes) progress({ phase: 'create', message });
    throwIfCancelled(signal, 'up');
    // A user the image lacks is bad input, found before anything ran: the container is
    // removed, since the next `up` would otherwise find it and fail in every exec.
    const users = [
      { property: plan.options.User === merged.containerUser ? 'containerUser' : 'runArgs', user: plan.options.User ?? '' },
      { property: 'remoteUser', user: merged.remoteUser ?? '' },
    ];
    const beforeStart = (id: string) => missingUser(engine, id, base.image, users, loaded.at);
    const firstHook = planFirstHookInInit({ merged, options: plan.options, remoteUser, imageUser: base.info.Config?.User, workspaceFolder: loaded.containerWorkspaceFolder });
    const run = firstHook ? { ...plan, options: withInitCommand(plan.options, firstHook) } : plan;
    const containerId = await timed(progress, 'create', 'Creating the container', async () => unwrap(podmanRefusal(described, await createContainer(engine, run, loaded.at, beforeStart))));
    return { containerId, merged, labels: plan.options.Labels ?? {}, wasRunning: true, created: true, remoteUser, firstHook };
  },
};
