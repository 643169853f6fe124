// Where each instruction of a Dockerfile starts, and which build step it is: the legacy
// builder counts every instruction ("Step 4/9"), BuildKit counts the ones that make a
// layer within each stage ("[base 2/3]"). A failed step maps back to its line this way.
import { readFileSync } from 'node:fs';

export interface Instruction {
  /** 1-based line the instruction starts on. */
  line: number;
  /** Upper case: RUN, COPY, ... */
  keyword: string;
  /** The instruction as written, continuation lines joined. */
  text: string;
  /** Index of the stage (the FROM) it belongs to. */
  stage: number;
  /** The line of its first heredoc (`RUN <<EOF`), when it has one. */
  heredoc?: number;
}

export interface Stage {
  name?: string;
  /** Instructions that BuildKit shows as numbered steps, FROM first. */
  steps: Instruction[];
}

export interface DockerfileSteps {
  instructions: Instruction[];
  stages: Stage[];
  /** The `# syntax=` directive: an external frontend image the engine must fetch. */
  syntax?: { value: string; line: number };
}

// The instructions BuildKit's Dockerfile frontend turns into a numbered vertex.
const VERTEX_KEYWORDS = new Set(['FROM', 'RUN', 'COPY', 'ADD', 'WORKDIR']);

export function readDockerfileSteps(dockerfile: string): DockerfileSteps {
  let text = '';
  try {
    text = readFileSync(dockerfile, 'utf8');
  } catch {
    // Unreadable here means unreadable for the build too; that error is reported there.
  }
  return parseDockerfileSteps(text);
}

export function parseDockerfileSteps(text: string): DockerfileSteps {
  const lines = text.split(/\r?\n/);
  const escape = parserDirective(lines, 'escape')?.value === '`' ? '`' : '\\';
  const instructions: Instruction[] = [];
  const stages: Stage[] = [];
  let i = 0;
  while (i < lines.length) {
    const first = lines[i].trim();
    if (!first || first.startsWith('#')) {
      i++;
      continue;
    }
    const line = i + 1;
    let joined = '';
    for (;;) {
      const t = lines[i].trim();
      i++;
      if (t.startsWith('#') && joined) continue; // comments may sit between continuation lines
      if (t.endsWith(escape) && i < lines.length) {
        joined += `${t.slice(0, -1)} `;
        continue;
      }
      joined += t;
      break;
    }
    const keyword = joined.split(/\s/, 1)[0].toUpperCase();
    const instruction: Instruction = { line, keyword, text: joined, stage: Math.max(stages.length - 1, 0) };
    const heredocs = [...joined.matchAll(/<<(-?)["']?([A-Za-z_]\w*)["']?/g)];
    if (heredocs.length && ['RUN', 'COPY', 'ADD'].includes(keyword)) {
      instruction.heredoc = line;
      // The bodies follow, each ended by its word on a line of its own.
      for (const [, dash, word] of heredocs) {
        while (i < lines.length && (dash ? lines[i].replace(/^\t+/, '') : lines[i]) !== word) i++;
        i++;
      }
    }
    if (keyword === 'FROM') {
      const as = /\sAS\s+(\S+)\s*$/i.exec(joined);
      stages.push({ name: as?.[1].toLowerCase(), steps: [] });
      instruction.stage = stages.length - 1;
    }
    instructions.push(instruction);
    if (VERTEX_KEYWORDS.has(keyword) && stages.length) stages[instruction.stage].steps.push(instruction);
  }
  return { instructions, stages, syntax: parserDirective(lines, 'syntax') };
}

/** A `# name=value` parser directive; they may only stand before everything else. */
function parserDirective(lines: string[], name: string): { value: string; line: number } | undefined {
  for (const [i, l] of lines.entries()) {
    const m = /^#\s*(\w+)\s*=\s*(\S+)\s*$/.exec(l.trim());
    if (!m) return undefined;
    if (m[1].toLowerCase() === name) return { value: m[2], line: i + 1 };
  }
  return undefined;
}

/** The instruction behind the legacy builder's "Step N/M". */
export function legacyStep(steps: DockerfileSteps, n: number): Instruction | undefined {
  return steps.instructions[n - 1];
}

/** The instruction behind a BuildKit vertex name: "[2/3] RUN …", "[base 2/3] …", "[stage-1 4/4] …". */
export function buildkitStep(steps: DockerfileSteps, vertexName: string): Instruction | undefined {
  const m = /^\[(?:(\S+) )?(\d+)\/(\d+)\]/.exec(vertexName);
  if (!m) return undefined;
  const [, name, n, total] = m;
  const byName = name === undefined ? steps.stages.length - 1 : steps.stages.findIndex((s) => s.name === name.toLowerCase());
  const unnamed = /^stage-(\d+)$/.exec(name ?? '');
  const stage = steps.stages[byName >= 0 ? byName : unnamed ? Number(unnamed[1]) : -1];
  // A count that disagrees means the Dockerfile read here is not the one built: no line beats a wrong one.
  if (!stage || stage.steps.length !== Number(total)) return undefined;
  return stage.steps[Number(n) - 1];
}
