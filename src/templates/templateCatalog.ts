// The configurations Berth ships under templates/<id>/.devcontainer/, and how one is
// added to a folder without overwriting anything there.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'jsonc-parser';

export interface Template {
  id: string;
  /** The template's devcontainer.json "name". */
  label: string;
  /** What it starts from: an image, or a Dockerfile. */
  detail: string;
  /** File names inside .devcontainer/. */
  files: string[];
}

export function listTemplates(templatesDir: string): Template[] {
  const ids = readdirSync(templatesDir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);
  return ids
    .map((id) => {
      const dir = join(templatesDir, id, '.devcontainer');
      const config = (parse(readFileSync(join(dir, 'devcontainer.json'), 'utf8')) ?? {}) as { name?: string; image?: string; build?: { dockerfile?: string } };
      const detail = config.image ? `image ${config.image}` : `built from ${config.build?.dockerfile ?? 'a Dockerfile'}`;
      return { id, label: config.name ?? id, detail, files: readdirSync(dir).sort() };
    })
    .sort((a, b) => a.label.localeCompare(b.label));
}

export interface CopyPlan {
  copies: { from: string; to: string }[];
  /** Files that already exist in the folder: when any does, nothing is copied. */
  clashes: string[];
}

export function planTemplateCopy(templatesDir: string, template: Template, workspaceFolder: string): CopyPlan {
  const copies = template.files.map((name) => ({ from: join(templatesDir, template.id, '.devcontainer', name), to: join(workspaceFolder, '.devcontainer', name) }));
  return { copies, clashes: copies.map((c) => c.to).filter((to) => existsSync(to)) };
}
