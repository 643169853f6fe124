// The project as compose itself resolves it (`compose config`): interpolation, extends and
// merged files included. Its errors become one message naming the file and line compose gives.
import { load as loadYaml } from 'js-yaml';
import { fail, ok, type BerthError, type Result } from '../util/result';
import { configArgs, runCompose, type ComposeCli } from './composeCli';
import type { ComposeProject } from './project';

export interface ComposeService {
  image?: string;
  build?: unknown;
  user?: string;
  entrypoint?: string | string[];
  command?: string | string[];
  security_opt?: string[];
  userns_mode?: string;
}

export interface ResolvedCompose {
  services: Record<string, ComposeService>;
}

/** A string entrypoint or command split as compose splits it: shell words (quotes, backslashes), nothing expanded. */
export function shellWords(value: string | string[]): string[] {
  if (Array.isArray(value)) return value;
  const words: string[] = [];
  let word: string | undefined;
  let quote: string | undefined;
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    if (quote === "'") {
      if (c === "'") quote = undefined;
      else word += c;
    } else if (quote === '"') {
      if (c === '"') quote = undefined;
      else word += c === '\\' && '"\\$`'.includes(value[i + 1] ?? '') ? value[++i] : c;
    } else if (c === "'" || c === '"') {
      quote = c;
      word ??= '';
    } else if (/\s/.test(c)) {
      if (word !== undefined) words.push(word);
      word = undefined;
    } else word = (word ?? '') + (c === '\\' && i + 1 < value.length ? value[++i] : c);
  }
  if (word !== undefined) words.push(word);
  return words;
}

export function fileArgs(project: ComposeProject, extra: string[] = []): string[] {
  return ['--project-name', project.name, ...[...project.files, ...extra].flatMap((f) => ['-f', f])];
}

export async function readComposeConfig(cli: ComposeCli, project: ComposeProject, env: NodeJS.ProcessEnv, where: Partial<BerthError>): Promise<Result<ResolvedCompose>> {
  const r = await runCompose(cli, [...fileArgs(project), ...configArgs(cli)], { cwd: project.cwd, env });
  if (r.code !== 0) return fail(composeFileError(r.stderr, cli, project, where));
  const parsed = loadYaml(r.stdout) as Partial<ResolvedCompose> | undefined;
  return ok({ services: parsed?.services ?? {} });
}

/** compose's own words, with the file and line it names lifted into the error's position. */
export function composeFileError(stderr: string, cli: ComposeCli, project: ComposeProject, where: Partial<BerthError>): BerthError {
  const text = stderr.replace(/\x1b\[[0-9;]*m/g, '').trim();
  // v1 (PyYAML): `in "./file.yml", line 4, column 4`; v2: `yaml: line 4: …` or `file.yml: yaml: line 4`.
  const v1 = [...text.matchAll(/in "([^"]+)", line (\d+), column (\d+)/g)].pop();
  const v2 = /(?:^|\s)(\/[^\s:]+\.ya?ml)?:?\s*yaml: line (\d+)/m.exec(text);
  const invalid = /The Compose file '([^']+)' is invalid/.exec(text);
  const file = v1?.[1] ?? v2?.[1] ?? invalid?.[1];
  const position = v1 ? { line: Number(v1[2]), column: Number(v1[3]) } : v2 ? { line: Number(v2[2]) } : {};
  // A schema error lists one problem a line after "… is invalid because:": each is kept, apart from the next.
  const firstLine = text
    .split('\n')
    .filter((l) => l.trim() && !/^\s*in "/.test(l))
    .slice(0, 6)
    .reduce((out, l) => (!out ? l.trim() : out.endsWith(':') ? `${out} ${l.trim()}` : `${out}; ${l.trim()}`), '')
    .replace(/^(yaml\.\w+\.\w+Error|ERROR|error):\s*/i, '');
  return {
    ...(file ? { file: project.files.find((f) => f.endsWith(file.replace(/^\.\//, ''))) ?? file, ...position, property: undefined } : where),
    message: `compose cannot read the project's files: ${firstLine || 'no reason given'}`,
    fix: `Fix the compose file (${project.files.join(', ')}); \`${[...cli.argv, ...fileArgs(project), 'config'].join(' ')}\` shows the same error.`,
  };
}

/** A `service` that is not in the files: name it, the files, and what exists. */
export function unknownService(service: string | undefined, resolved: ResolvedCompose, project: ComposeProject, where: Partial<BerthError>): BerthError | undefined {
  const names = Object.keys(resolved.services);
  if (service && names.includes(service)) return undefined;
  const listing = names.length ? `the services there are ${names.map((n) => `"${n}"`).join(', ')}` : 'they define no services';
  return {
    ...where,
    message: service ? `the service "${service}" is not in ${project.files.join(', ')}: ${listing}` : `"service" is required with dockerComposeFile: ${listing}`,
    fix: names.length ? `Set "service" to one of ${names.map((n) => `"${n}"`).join(', ')}.` : 'Add the service to the compose file.',
  };
}
