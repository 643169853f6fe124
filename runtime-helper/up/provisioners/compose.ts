// The compose provisioner: the primary service's image prepared as for a single container,
// the project started through the compose CLI with Berth's override file; the shared
// in-container setup then runs in the primary service's container.
import { existsSync } from 'node:fs';
import { builtServiceImage, findComposeCli, runCompose, type ComposeCli } from '../../compose/composeCli';
import { fileArgs, readComposeConfig, unknownService, type ComposeService } from '../../compose/composeConfig';
import { LABEL_CONFIG_FILES, LABEL_SERVICE, LABEL_STARTED_SERVICES, projectContainers, serviceContainer } from '../../compose/containers';
import { overrideDocument, writeOverride, OVERRIDE_PREFIX } from '../../compose/override';
import { composeProject, versionLine, type ComposeProject } from '../../compose/project';
import { mergeMetadata, metadataLabelFor, parseMetadataLabel } from '../../config/metadata';
import type { LoadedConfig } from '../../config/types';
import { throwIfCancelled } from '../../engine/cancel';
import { imageCommandOf } from '../../engine/createOptions';
import type { ContainerSummary, Engine } from '../../engine/engine';
import { LABEL_BERTH, LABEL_METADATA } from '../../config/labels';
import { ensureImage } from '../../engine/pull';
import { podmanIsolation } from '../../engine/podmanAdapter';
import { timed } from '../../util/progress';
import { BerthFailure, fail, ok, unwrap, type BerthError, type Result } from '../../util/result';
import type { RunContext, UpRequest } from '../context';
import type { Provisioned, Provisioner } from '../provision';
import { prepareImage, type BaseImage } from '../prepareImage';
import { runInitializeCommand } from '../setupInside';

/** Everything checked before anything starts: compose installed, files, project, services. */
interface ComposePlan {
  cli: ComposeCli;
  project: ComposeProject;
  service: string;
  definition: ComposeService;
  /** What `compose up` names: runServices (with the primary service), or every service. */
  services: string[];
}

async function planCompose(loaded: LoadedConfig, env: NodeJS.ProcessEnv, dockerComposePath?: string): Promise<Result<ComposePlan>> {
  const at = (property: string): Partial<BerthError> => ({ file: loaded.configFile, ...loaded.locate(property), property });
  const cli = findComposeCli(env, dockerComposePath);
  if (!cli.ok) return dockerComposePath ? cli : fail({ ...cli.error, ...at('dockerComposeFile') });
  const project = composeProject(loaded, env, cli.value);
  if (!project.ok) return project;
  const resolved = await readComposeConfig(cli.value, project.value, env, at('dockerComposeFile'));
  if (!resolved.ok) return resolved;
  const service = loaded.config.service;
  const wrong = unknownService(service, resolved.value, project.value, at('service'));
  if (wrong) return fail(wrong);
  const runServices = loaded.config.runServices ?? [];
  for (const [i, name] of runServices.entries()) {
    const bad = unknownService(name, resolved.value, project.value, at(`runServices.${i}`));
    if (bad) return fail(bad);
  }
  const services = runServices.length ? [...new Set([...runServices, service!])] : [];
  return ok({ cli: cli.value, project: project.value, service: service!, definition: resolved.value.services[service!], services });
}

export const composeProvisioner: Provisioner = {
  async baseImage(ctx, loaded, request) {
    return serviceBase(ctx, unwrap(await planCompose(loaded, ctx.env, request.dockerComposePath)), request);
  },

  async provision(ctx, loaded, request): Promise<Provisioned> {
    const { engine, env, progress } = ctx;
    // Warm: every wanted service runs already, so the compose CLI (seconds per call) is not needed.
    const warm = request.removeExistingContainer ? undefined : await runningProject(engine, loaded, env);
    if (warm) return found(loaded, warm, true);
    const plan = unwrap(await planCompose(loaded, env, request.dockerComposePath));
    const { project, service } = plan;
    let existing = await serviceContainer(engine, project.name, service);
    if (existing && request.removeExistingContainer) {
      await timed(progress, 'create', `Removing the ${service} container`, () => engine.removeContainer(existing!.Id, { force: true, volumes: true }));
      existing = undefined;
    }
    if (existing) {
      await startStopped(ctx, plan, existing);
      return found(loaded, (await serviceContainer(engine, project.name, service))!, existing.State === 'running');
    }

    await runInitializeCommand(ctx, loaded);
    const base = await serviceBase(ctx, plan, request);
    // Features and the UID stage exactly as for a single container; the service's own user counts first.
    const { imageEntries, merged, remoteUser, runImage } = await prepareImage(ctx, loaded, base, request);
    const started: Record<string, string> = plan.services.length ? { [LABEL_STARTED_SERVICES]: plan.services.join(',') } : {};
    const labels = { ...loaded.labels, [LABEL_METADATA]: metadataLabelFor(loaded.raw, imageEntries), [LABEL_BERTH]: '1', ...started };
    const described = await engine.description();
    const onPodman = described.flavour === 'podman';
    const own = plan.definition;
    const isolation = onPodman ? podmanIsolation(described, { securityOpt: [...(own.security_opt ?? []), ...(merged.securityOpt ?? [])], usernsMode: own.userns_mode }, remoteUser) : undefined;
    for (const message of isolation?.notes ?? []) progress({ phase: 'create', message });
    const document = unwrap(overrideDocument({ service, merged, image: runImage !== base.image ? runImage : undefined, labels, version: versionLine(project.files[0]), isolation, podmanBinds: onPodman, own: { service: own, image: imageCommandOf(base.info) } }));
    const override = writeOverride(project.name, document);
    const anyExisting = (await projectContainers(engine, project.name)).length > 0;
    await composeCommand(ctx, plan, [override], ['up', '-d', ...(anyExisting ? ['--no-recreate'] : []), ...plan.services], 'create', 'Starting the compose project');
    const primary = await serviceContainer(engine, project.name, service);
    if (!primary) throw new Error(`compose started the project ${project.name} but no container of the service ${service} is there`);
    return { containerId: primary.Id, merged, labels: primary.Labels, wasRunning: true, created: true, remoteUser };
  },
};

/** A container of the project that is there already. */
function found(loaded: LoadedConfig, container: ContainerSummary, wasRunning: boolean): Provisioned {
  return { containerId: container.Id, merged: mergedWith(loaded, container), labels: container.Labels, wasRunning, created: false };
}

/** The config merged with the image entries the container was made with (its label, less the config's own entry). */
function mergedWith(loaded: LoadedConfig, container: ContainerSummary) {
  return mergeMetadata(loaded.config, parseMetadataLabel(container.Labels[LABEL_METADATA]).slice(0, -1));
}

/** The primary service's container when it and every service `up` would start are running. */
async function runningProject(engine: Engine, loaded: LoadedConfig, env: NodeJS.ProcessEnv): Promise<ContainerSummary | undefined> {
  const project = composeProject(loaded, env, undefined);
  if (!project.ok || !loaded.config.service) return undefined;
  const containers = await projectContainers(engine, project.value.name);
  const primary = containers.find((c) => c.Labels[LABEL_SERVICE] === loaded.config.service && c.State === 'running');
  const wanted = loaded.config.runServices;
  const allUp = containers.every((c) => c.State === 'running' || (wanted?.length && !wanted.includes(c.Labels[LABEL_SERVICE])));
  return primary && allUp ? primary : undefined;
}

/** The service's image: built by compose when the service builds, else pulled as Berth pulls any image. */
async function serviceBase(ctx: RunContext, plan: ComposePlan, request: UpRequest): Promise<BaseImage> {
  const { definition, service, project, cli } = plan;
  let image: string;
  if (definition.build !== undefined) {
    await composeCommand(ctx, plan, [], ['build', ...(request.buildNoCache ? ['--no-cache'] : []), service], 'build', `Building the ${service} service`);
    image = definition.image ?? builtServiceImage(cli, project.name, service);
  } else {
    if (!definition.image) throw new Error(`the service ${service} has neither image nor build`);
    image = definition.image;
    await timed(ctx.progress, 'pull', `Image ${image}`, async () => unwrap(await ensureImage(ctx.engine, image, ctx.progress, { file: project.files[0] }, ctx.env)));
  }
  return { image, info: await ctx.engine.inspectImage(image), user: definition.user || undefined };
}

/**
 * A second `up`: running services are left as they are, stopped ones start. The files the
 * container was made with (its override included) are reused, so nothing is recreated.
 */
async function startStopped(ctx: RunContext, plan: ComposePlan, primary: ContainerSummary): Promise<void> {
  const containers = await projectContainers(ctx.engine, plan.project.name);
  const wanted = plan.services.length ? plan.services : undefined;
  const stopped = containers.filter((c) => c.State !== 'running' && (!wanted || wanted.includes(c.Labels[LABEL_SERVICE])));
  if (stopped.length === 0 && primary.State === 'running') return;
  const overrides = (primary.Labels[LABEL_CONFIG_FILES] ?? '').split(',').filter((f) => f.includes(OVERRIDE_PREFIX) && existsSync(f));
  await composeCommand(ctx, plan, overrides, ['up', '-d', '--no-recreate', ...plan.services], 'start', 'Starting the compose project');
}

async function composeCommand(ctx: RunContext, plan: ComposePlan, overrides: string[], args: string[], phase: 'build' | 'create' | 'start', title: string): Promise<void> {
  const { progress, signal } = ctx;
  const r = await timed(progress, phase, title, () => runCompose(plan.cli, [...fileArgs(plan.project, overrides), ...args], { cwd: plan.project.cwd, env: ctx.env, progress, phase, title, signal }));
  throwIfCancelled(signal, 'up');
  if (r.code !== 0) {
    const tail = r.stderr.trim().split('\n').slice(-8).join('\n    ');
    throw new BerthFailure({
      file: plan.project.files[0],
      message: `\`${plan.cli.argv.join(' ')} ${args[0]}\` failed for the project ${plan.project.name} (exit ${r.code}):\n    ${tail}`,
      fix: 'Fix what compose reports in the compose files, then run `berth up` again.',
    });
  }
}
