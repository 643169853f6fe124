// The compose provisioner of `up`: the primary service's image prepared as for a single
// container, the project started through the compose CLI with Berth's override file, then the
// shared in-container setup (env probe, hooks) in the primary service's container.
import type Docker from 'dockerode';
import { existsSync } from 'node:fs';
import { mergeMetadata, metadataLabelFor, parseMetadataLabel } from '../config/metadata';
import type { LoadedConfig } from '../config/types';
import { throwIfCancelled } from '../engine/cancel';
import { LABEL_BERTH, LABEL_METADATA } from '../config/labels';
import { ensureImage } from '../engine/pull';
import { prepareImage, resume, runInitializeCommand, type UpOptions, type UpOutcome } from '../engine/up';
import { timed, type ProgressSink } from '../util/progress';
import { BerthFailure, fail, ok, unwrap, type BerthError, type Result } from '../util/result';
import { builtServiceImage, findComposeCli, runCompose, type ComposeCli } from './composeCli';
import { fileArgs, readComposeConfig, unknownService, type ComposeService } from './composeConfig';
import { LABEL_CONFIG_FILES, LABEL_SERVICE, LABEL_STARTED_SERVICES, projectContainers, serviceContainer } from './containers';
import { overrideDocument, writeOverride, OVERRIDE_PREFIX } from './override';
import { composeProject, versionLine, type ComposeProject } from './project';

/** Everything checked before anything starts: compose installed, files, project, services. */
export interface ComposePlan {
  cli: ComposeCli;
  project: ComposeProject;
  service: string;
  definition: ComposeService;
  /** What `compose up` names: runServices (with the primary service), or every service. */
  services: string[];
}

export async function planCompose(loaded: LoadedConfig, env: NodeJS.ProcessEnv, dockerComposePath?: string): Promise<Result<ComposePlan>> {
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

export async function composeUp(docker: Docker, loaded: LoadedConfig, options: UpOptions, progress: ProgressSink): Promise<UpOutcome> {
  const env = options.env ?? process.env;
  // Warm: every wanted service runs already, so the compose CLI (seconds per call) is not needed.
  const warm = options.removeExistingContainer ? undefined : await runningProject(docker, loaded, env);
  if (warm) return resume(docker, loaded, mergedWith(loaded, warm), warm, progress, options);
  const plan = unwrap(await planCompose(loaded, env, options.dockerComposePath));
  const { project, service } = plan;
  let existing = await serviceContainer(docker, project.name, service);
  if (existing && options.removeExistingContainer) {
    await timed(progress, 'create', `Removing the ${service} container`, () => docker.getContainer(existing!.Id).remove({ force: true, v: true }));
    existing = undefined;
  }
  if (existing) {
    await startStopped(docker, plan, existing, options, progress);
    const found = (await serviceContainer(docker, project.name, service))!;
    return resume(docker, loaded, mergedWith(loaded, found), found, progress, options);
  }

  await runInitializeCommand(loaded, options, progress);
  const image = await serviceImage(docker, plan, options, progress, env);
  const info = await docker.getImage(image).inspect();
  // Features and the UID stage exactly as for a single container; the service's own user counts first.
  const { imageEntries, merged, runImage } = await prepareImage(docker, loaded, image, info, options, progress, plan.definition.user || info.Config?.User || 'root');
  const started: Record<string, string> = plan.services.length ? { [LABEL_STARTED_SERVICES]: plan.services.join(',') } : {};
  const labels = { ...loaded.labels, [LABEL_METADATA]: metadataLabelFor(loaded.raw, imageEntries), [LABEL_BERTH]: '1', ...started };
  const document = unwrap(overrideDocument({ service, merged, image: runImage !== image ? runImage : undefined, labels, version: versionLine(project.files[0]) }));
  const override = writeOverride(project.name, document);
  const anyExisting = (await projectContainers(docker, project.name)).length > 0;
  await composeCommand(plan, [override], ['up', '-d', ...(anyExisting ? ['--no-recreate'] : []), ...plan.services], { ...options, env }, progress, 'create', 'Starting the compose project');
  const found = await serviceContainer(docker, project.name, service);
  if (!found) throw new Error(`compose started the project ${project.name} but no container of the service ${service} is there`);
  return { ...(await resume(docker, loaded, merged, found, progress, options)), created: true };
}

/** The config merged with the image entries the container was made with (its label, less the config's own entry). */
function mergedWith(loaded: LoadedConfig, container: Docker.ContainerInfo) {
  return mergeMetadata(loaded.config, parseMetadataLabel(container.Labels[LABEL_METADATA]).slice(0, -1));
}

/** The primary service's container when it and every service `up` would start are running. */
async function runningProject(docker: Docker, loaded: LoadedConfig, env: NodeJS.ProcessEnv): Promise<Docker.ContainerInfo | undefined> {
  const project = composeProject(loaded, env, undefined);
  if (!project.ok || !loaded.config.service) return undefined;
  const containers = await projectContainers(docker, project.value.name);
  const primary = containers.find((c) => c.Labels[LABEL_SERVICE] === loaded.config.service && c.State === 'running');
  const wanted = loaded.config.runServices;
  const allUp = containers.every((c) => c.State === 'running' || (wanted?.length && !wanted.includes(c.Labels[LABEL_SERVICE])));
  return primary && allUp ? primary : undefined;
}

/** The service's image: built by compose when the service builds, else pulled as Berth pulls any image. */
export async function serviceImage(docker: Docker, plan: ComposePlan, options: UpOptions, progress: ProgressSink, env: NodeJS.ProcessEnv): Promise<string> {
  const { definition, service, project, cli } = plan;
  if (definition.build !== undefined) {
    await composeCommand(plan, [], ['build', ...(options.buildNoCache ? ['--no-cache'] : []), service], { ...options, env }, progress, 'build', `Building the ${service} service`);
    return definition.image ?? builtServiceImage(cli, project.name, service);
  }
  if (!definition.image) throw new Error(`the service ${service} has neither image nor build`);
  const image = definition.image;
  await timed(progress, 'pull', `Image ${image}`, async () => unwrap(await ensureImage(docker, image, progress, { file: project.files[0] }, env)));
  return image;
}

/**
 * A second `up`: running services are left as they are, stopped ones start. The files the
 * container was made with (its override included) are reused, so nothing is recreated.
 */
async function startStopped(docker: Docker, plan: ComposePlan, primary: Docker.ContainerInfo, options: UpOptions, progress: ProgressSink): Promise<void> {
  const containers = await projectContainers(docker, plan.project.name);
  const wanted = plan.services.length ? plan.services : undefined;
  const stopped = containers.filter((c) => c.State !== 'running' && (!wanted || wanted.includes(c.Labels[LABEL_SERVICE])));
  if (stopped.length === 0 && primary.State === 'running') return;
  const overrides = (primary.Labels[LABEL_CONFIG_FILES] ?? '').split(',').filter((f) => f.includes(OVERRIDE_PREFIX) && existsSync(f));
  await composeCommand(plan, overrides, ['up', '-d', '--no-recreate', ...plan.services], options, progress, 'start', 'Starting the compose project');
}

async function composeCommand(plan: ComposePlan, overrides: string[], args: string[], options: UpOptions, progress: ProgressSink, phase: 'build' | 'create' | 'start', title: string): Promise<void> {
  const env = options.env ?? process.env;
  const r = await timed(progress, phase, title, () => runCompose(plan.cli, [...fileArgs(plan.project, overrides), ...args], { cwd: plan.project.cwd, env, progress, phase, title, signal: options.signal }));
  throwIfCancelled(options.signal, 'up');
  if (r.code !== 0) {
    const tail = r.stderr.trim().split('\n').slice(-8).join('\n    ');
    throw new BerthFailure({
      file: plan.project.files[0],
      message: `\`${plan.cli.argv.join(' ')} ${args[0]}\` failed for the project ${plan.project.name} (exit ${r.code}):\n    ${tail}`,
      fix: 'Fix what compose reports in the compose files, then run `berth up` again.',
    });
  }
}
