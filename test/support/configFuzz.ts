// A small, seeded config fuzzer: the same mutations of a valid devcontainer.json on every run,
// so a failure names a case that can be run again. Truncations, byte flips, and known
// properties given a value of another type.
import { BASE_IMAGE } from './cli';

/** A valid config that sets many of the properties Berth reads, with comments, as users write them. */
export const FUZZ_BASE = `// The fuzzer's starting point.
{
  "name": "fuzz",
  "image": "${BASE_IMAGE}",
  "forwardPorts": [3000, "db:5432"],
  "portsAttributes": { "3000": { "label": "Web", "onAutoForward": "notify", "requireLocalPort": false } },
  "otherPortsAttributes": { "onAutoForward": "silent" },
  "containerEnv": { "A": "1", "PATH_EXTRA": "\${localEnv:HOME}/bin" },
  "remoteEnv": { "B": "\${containerEnv:A}" },
  "mounts": ["type=tmpfs,target=/cache", { "type": "bind", "source": "\${localWorkspaceFolder}", "target": "/src" }],
  "runArgs": ["--init", "--label", "fuzz=1"],
  "capAdd": ["SYS_PTRACE"],
  "securityOpt": ["seccomp=unconfined"],
  "overrideCommand": true,
  "init": true,
  "privileged": false,
  "remoteUser": "root",
  "containerUser": "root",
  "updateRemoteUserUID": false,
  "userEnvProbe": "loginShell",
  "workspaceFolder": "/workspaces/fuzz",
  "workspaceMount": "type=bind,source=\${localWorkspaceFolder},target=/workspaces/fuzz",
  "shutdownAction": "stopContainer",
  "waitFor": "postCreateCommand",
  "hostRequirements": { "cpus": 1, "memory": "1gb" },
  "initializeCommand": "true",
  "onCreateCommand": ["echo", "created"],
  "postCreateCommand": { "a": "echo a", "b": ["echo", "b"] },
  "postStartCommand": "echo started", // trailing comma next
  "customizations": { "vscode": { "extensions": ["a.b"], "settings": { "x": 1 } } },
}
`;

/** Properties whose values the type swaps replace, and the values they get. */
const PROPERTIES = ['name', 'image', 'forwardPorts', 'portsAttributes', 'otherPortsAttributes', 'containerEnv', 'remoteEnv', 'mounts', 'runArgs', 'capAdd', 'securityOpt', 'overrideCommand', 'init', 'privileged', 'remoteUser', 'containerUser', 'updateRemoteUserUID', 'userEnvProbe', 'workspaceFolder', 'workspaceMount', 'shutdownAction', 'waitFor', 'hostRequirements', 'initializeCommand', 'onCreateCommand', 'postCreateCommand', 'postStartCommand', 'customizations'];
const VALUES = ['42', '-1', '1e400', '"text"', '""', 'true', 'null', '[]', '{}', '[1, "a", null]', '{"a": 1}', '[[]]', '{"": {"": null}}', '"${localEnv:NOPE}"', '"${nonsense:x}"'];

/** Mulberry32: small, seeded, good enough to pick mutations. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface Mutant {
  /** What was done, to name a failing case. */
  name: string;
  text: Buffer;
}

/** `count` mutants of FUZZ_BASE, the same ones for the same seed. */
export function mutants(seed: number, count: number): Mutant[] {
  const next = random(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)];
  const base = Buffer.from(FUZZ_BASE);
  const out: Mutant[] = [];
  for (let i = 0; i < count; i++) {
    const kind = i % 3;
    if (kind === 0) {
      const at = Math.floor(next() * base.length);
      out.push({ name: `#${i} truncated at byte ${at}`, text: base.subarray(0, at) });
    } else if (kind === 1) {
      const at = Math.floor(next() * base.length);
      const byte = Math.floor(next() * 256);
      const text = Buffer.from(base);
      text[at] = byte;
      out.push({ name: `#${i} byte ${at} set to 0x${byte.toString(16)}`, text });
    } else {
      const property = pick(PROPERTIES);
      const value = pick(VALUES);
      // The property's whole value, up to the line's end (each sits on one line, bar the trailing comment).
      const text = FUZZ_BASE.replace(new RegExp(`^(  "${property}": ).*?(,?)( //.*)?$`, 'm'), (_, key: string, comma: string) => `${key}${value}${comma}`);
      out.push({ name: `#${i} ${property} set to ${value}`, text: Buffer.from(text) });
    }
  }
  return out;
}
