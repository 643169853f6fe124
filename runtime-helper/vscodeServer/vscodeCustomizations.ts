// `customizations.vscode` of the image, features and config, merged as the spec says for
// VS Code: extensions are collected (once each), later settings override earlier ones.
import type { MergedConfig } from '../config/types';

export interface VscodeCustomizations {
  extensions: string[];
  settings: Record<string, unknown>;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function vscodeCustomizations(merged: Pick<MergedConfig, 'customizations'>): VscodeCustomizations {
  // mergeMetadata gives each tool the list of its entries, image first.
  const listed = merged.customizations?.vscode;
  const entries = (Array.isArray(listed) ? listed : [listed]).filter(isRecord);
  const extensions = new Map<string, string>();
  const settings: Record<string, unknown> = {};
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
