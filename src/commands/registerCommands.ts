// Every command of the extension, registered in one place.
import * as vscode from 'vscode';
import type { BerthContext } from '../berthContext';
import { attachShell } from './containers/attachShell';
import { inspectContainer } from './containers/inspectContainer';
import { openInBrowser } from './containers/openInBrowser';
import { removeContainer } from './containers/removeContainer';
import { restartContainer } from './containers/restartContainer';
import { startAttachedContainer } from './containers/startAttachedContainer';
import { startContainer } from './containers/startContainer';
import { stopContainer } from './containers/stopContainer';
import { showStatsChart } from './containers/showStatsChart';
import { viewContainerLogs } from './containers/viewContainerLogs';
import { guardCommand } from './failure';
import { pickDockerContext } from '../engine/pickDockerContext';
import { pruneImages } from './images/pruneImages';
import { removeImage } from './images/removeImage';
import { openLog } from './logs/openLog';
import { pruneVolumes } from './volumes/pruneVolumes';
import { removeVolume } from './volumes/removeVolume';
import { addConfiguration } from './workspace/addConfiguration';
import { attachToContainer } from './workspace/attachToContainer';
import { openConfiguration } from './workspace/openConfiguration';
import { openFolderInContainer } from './workspace/openFolderInContainer';
import { openTerminal } from './workspace/openTerminal';
import { rebuildContainer } from './workspace/rebuildContainer';
import { rebuildContainerNoCache } from './workspace/rebuildContainerNoCache';
import { reopenInContainer } from './workspace/reopenInContainer';
import { reopenLocally } from './workspace/reopenLocally';
import { showContainerLog } from './workspace/showContainerLog';
import { showQuickActions } from './workspace/showQuickActions';

// Tree commands receive the clicked element, whose type differs per command.
type Command = (ctx: BerthContext, ...args: any[]) => unknown;

const COMMANDS: Record<string, Command> = {
  'berth.reopenInContainer': reopenInContainer,
  'berth.rebuildContainer': rebuildContainer,
  'berth.rebuildContainerNoCache': rebuildContainerNoCache,
  'berth.reopenLocally': reopenLocally,
  'berth.openFolderInContainer': openFolderInContainer,
  'berth.attachToContainer': attachToContainer,
  'berth.showContainerLog': showContainerLog,
  'berth.openConfiguration': openConfiguration,
  'berth.addConfiguration': addConfiguration,
  'berth.openTerminal': openTerminal,
  'berth.showQuickActions': showQuickActions,
  'berth.startAttachedContainer': startAttachedContainer,
  'berth.containers.refresh': (ctx) => ctx.trees.containers.refresh(),
  'berth.containers.start': startContainer,
  'berth.containers.stop': stopContainer,
  'berth.containers.restart': restartContainer,
  'berth.containers.remove': removeContainer,
  'berth.containers.attachShell': attachShell,
  'berth.containers.viewLogs': viewContainerLogs,
  'berth.containers.showStats': showStatsChart,
  'berth.containers.inspect': inspectContainer,
  'berth.containers.openInBrowser': openInBrowser,
  'berth.images.refresh': (ctx) => ctx.trees.images.refresh(),
  'berth.images.remove': removeImage,
  'berth.images.prune': pruneImages,
  'berth.volumes.refresh': (ctx) => ctx.trees.volumes.refresh(),
  'berth.volumes.remove': removeVolume,
  'berth.volumes.prune': pruneVolumes,
  'berth.logs.open': openLog,
  'berth.pickDockerContext': pickDockerContext,
  'berth.ports.add': (ctx) => ctx.ports.addPort(),
};

/**
 * package.json contributes `berth.devContainers.<name>` (category "Dev Containers") for the
 * commands a user of Microsoft's extension looks for by habit; each runs `berth.<name>`.
 */
export const DEV_CONTAINERS_PREFIX = 'berth.devContainers.';

export function aliasTarget(id: string): string | undefined {
  return id.startsWith(DEV_CONTAINERS_PREFIX) ? `berth.${id.slice(DEV_CONTAINERS_PREFIX.length)}` : undefined;
}

/** Every command of the extension, each through the one error wrapper (failure.ts). */
export function registerCommands(ctx: BerthContext): vscode.Disposable[] {
  const contributed = (ctx.extension.extension.packageJSON.contributes.commands as { command: string }[]).map((c) => c.command);
  const aliases = contributed.flatMap((id) => {
    const target = aliasTarget(id);
    return target && COMMANDS[target] ? [[id, COMMANDS[target]] as const] : [];
  });
  return [...Object.entries(COMMANDS), ...aliases].map(([id, run]) => vscode.commands.registerCommand(id, guardCommand(ctx, (...args: unknown[]) => run(ctx, ...args))));
}
