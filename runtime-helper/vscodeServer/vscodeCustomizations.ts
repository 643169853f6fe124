// `customizations.vscode` of the image, features and config, merged as the spec says for
// VS Code: extensions are collected (once each), later settings override earlier ones.
// The config's ports attributes become the server's own (`remote.portsAttributes`), so that
// the container window's PORTS view labels the ports and each onAutoForward does what it says.
import type { MergedConfig } from '../config/types';

export interface VscodeCustomizations {
  extensions: string[];
  settings: Record<string, unknown>;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function vscodeCustomizations(merged: Pick<MergedConfig, 'customizations' | 'portsAttributes' | 'otherPortsAttributes'>): VscodeCustomizations {
  // mergeMetadata gives each tool the list of its entries, image first.
  const listed = merged.customizations?.vscode;
  const entries = (Array.isArray(listed) ? listed : [listed]).filter(isRecord);
  const extensions = new Map<string, string>();
  // First: a setting the config names itself overrides them.
  const settings: Record<string, unknown> = {
    ...(merged.portsAttributes && Object.keys(merged.portsAttributes).length ? { 'remote.portsAttributes': merged.portsAttributes } : {}),
    ...(merged.otherPortsAttributes ? { 'remote.otherPortsAttributes': merged.otherPortsAttributes } : {}),
  };
  for (const entry of entries) {
    for (const id of Array.isArray(entry.extensions) ? entry.extensions : []) {
      // Extension ids are case-insensitive; "-id" in a later entry takes one back out.
      if (typeof id !== 'string' || !id.trim()) continue;
      if (id.startsWith('-')) extensions.delete(id.slice(1).toLowerCase());
      else extensions.set(id.toLowerCase(), id);
    }
    if (isRecord(entry.settings)) Object.assign(settings, entry.settings);
  }
  return { extensions: [...extensions.values()], settings };
}
