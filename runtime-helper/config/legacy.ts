// VS Code settings from before "customizations": top-level extensions, settings and devPort
// are read as customizations.vscode, as the devcontainer CLI does when it reads a config
// (validation warns about each, naming it and where it belongs).
import type { DevContainerConfig } from './types';
import { isObject } from './validate';

/**
 * The config with the legacy keys moved, following the CLI: extensions are appended to
 * customizations.vscode.extensions, customizations.vscode.settings win over top-level
 * settings, and a top-level devPort moves only where customizations.vscode has none.
 */
export function liftLegacyKeys(config: DevContainerConfig): DevContainerConfig {
  const { extensions, settings, devPort, ...rest }: Record<string, unknown> = { ...config };
  const vscode = config.customizations?.vscode ?? {};
  // Nothing to lift, or nowhere to lift it to: the config stays as written.
  if (!(extensions || settings || devPort !== undefined) || !isObject(vscode)) return config;
  const lifted: Record<string, unknown> = { ...vscode };
  if (extensions) lifted.extensions = ((vscode.extensions ?? []) as unknown[]).concat(extensions);
  else if (extensions !== undefined) rest.extensions = extensions;
  if (settings) lifted.settings = { ...(settings as object), ...(vscode.settings as object | undefined) };
  else if (settings !== undefined) rest.settings = settings;
  if (devPort !== undefined && vscode.devPort === undefined) lifted.devPort = devPort;
  else if (devPort !== undefined) rest.devPort = devPort;
  return { ...rest, customizations: { ...config.customizations, vscode: lifted } };
}
