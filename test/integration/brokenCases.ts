// The corpus of broken inputs: each must fail `berth up` with one message that says
// where (file:line:col or the property) and leave nothing behind.
export interface BrokenCase {
  name: string;
  /** Files of the workspace (text, or bytes); `devcontainer.json` is short for .devcontainer/devcontainer.json. */
  files: Record<string, string | Buffer>;
  /** Extra `berth up` arguments; {ws} is the workspace folder. */
  args?: string[];
  env?: Record<string, string>;
  /** Regular expressions the message must match. */
  expect: RegExp[];
}

const IMAGE = 'berth-base:bookworm';
const json = (o: object) => JSON.stringify(o, null, 2);
const at = (line: number, column: number, property?: string) => new RegExp(`\\.devcontainer/devcontainer\\.json:${line}:${column}${property ? `: '${property.replace(/\./g, '\\.')}'` : ''}`);
/** A config whose offending property sits on line 3, column 3. */
const line3 = (key: string, value: unknown) => `{\n  "image": "${IMAGE}",\n  "${key}": ${JSON.stringify(value)}\n}\n`;
const typed = (key: string, value: unknown, property: string, expected: RegExp): BrokenCase => ({
  name: `${property} has the wrong type`,
  files: { 'devcontainer.json': line3(key, value) },
  expect: [new RegExp(`devcontainer\\.json:\\d+:\\d+: '${property.replace(/\./g, '\\.')}'`), expected],
});

export const BROKEN_CASES: BrokenCase[] = [
  // Syntax
  { name: 'a missing comma', files: { 'devcontainer.json': `{\n  "image": "${IMAGE}"\n  "name": "x"\n}` }, expect: [at(3, 3), /syntax error: missing comma/] },
  { name: 'an unclosed brace', files: { 'devcontainer.json': `{\n  "image": "${IMAGE}",\n  "build": {\n` }, expect: [/devcontainer\.json:4:1/, /syntax error/] },
  { name: 'an empty file', files: { 'devcontainer.json': '' }, expect: [at(1, 1), /the file is empty/] },
  { name: 'an array instead of an object', files: { 'devcontainer.json': `[{"image": "${IMAGE}"}]` }, expect: [at(1, 1), /must hold a JSON object, not an array/] },
  { name: 'an unterminated string', files: { 'devcontainer.json': `{\n  "image": "${IMAGE}\n}` }, expect: [/devcontainer\.json:2:\d+/, /syntax error/] },
  { name: 'text after the object', files: { 'devcontainer.json': `{"image": "${IMAGE}"}\n}` }, expect: [at(2, 1), /unexpected text after the end/] },
  { name: 'an unclosed comment', files: { 'devcontainer.json': `{"image": "${IMAGE}"} /* never closed` }, expect: [/syntax error: unterminated comment/] },
  // Input that would stall or crash the helper, or silently change the config
  { name: 'a 50 MB config', files: { 'devcontainer.json': `{"image": "${IMAGE}", "customizations": {"x": [${'1,'.repeat(25 * 2 ** 20)}1]}}` }, expect: [/devcontainer\.json: the file is 50\.0 MiB, over Berth's limit of 64 KiB/, /fix: A devcontainer\.json is a few KB/] },
  { name: 'a config nested 10,000 deep', files: { 'devcontainer.json': `{\n  "image": "${IMAGE}",\n  "customizations": { "x": ${'['.repeat(9998)}${']'.repeat(9998)} }\n}` }, expect: [at(3, 90), /the JSON is nested more than 64 levels deep here/] },
  { name: 'invalid UTF-8 in a hook name', files: { 'devcontainer.json': Buffer.concat([Buffer.from(`{\n  "image": "${IMAGE}",\n  "post`), Buffer.from([0xff]), Buffer.from('CreateCommand": "make"\n}')]) }, expect: [at(3, 8), /the file is not valid UTF-8: byte 0xff/] },
  { name: 'a single-quoted string', files: { 'devcontainer.json': `{\n  "image": '${IMAGE}'\n}` }, expect: [at(2, 12), /syntax error/] },
  // Types and shapes
  typed('name', 42, 'name', /expected a string, got the number 42/),
  typed('containerEnv', { PORT: 3000 }, 'containerEnv.PORT', /expected a string, got the number 3000/),
  typed('runArgs', '--init', 'runArgs', /expected an array, got the string "--init"/),
  typed('runArgs', ['--init', 7], 'runArgs.1', /expected a string, got the number 7/),
  typed('mounts', [{ type: 'bind', source: '/tmp' }], 'mounts.0', /"target" is required here/),
  typed('forwardPorts', [{ port: 3000 }], 'forwardPorts.0', /expected a port number or a "host:port" string, got an object/),
  typed('appPort', true, 'appPort', /got the boolean true/),
  typed('capAdd', 'SYS_PTRACE', 'capAdd', /expected an array/),
  typed('remoteEnv', { A: 1 }, 'remoteEnv.A', /expected a string or null/),
  typed('postCreateCommand', { build: 5 }, 'postCreateCommand.build', /expected a string or an array of strings/),
  typed('portsAttributes', { '3000': { onAutoForward: 'popup' } }, 'portsAttributes.3000.onAutoForward', /one of "notify"/),
  typed('shutdownAction', 'halt', 'shutdownAction', /one of "none", "stopContainer", "stopCompose"/),
  typed('features', ['ghcr.io/x'], 'features', /expected an object/),
  typed('workspaceFolder', 1, 'workspaceFolder', /expected a string/),
  typed('overrideCommand', 'yes', 'overrideCommand', /expected a boolean/),
  { name: 'build.args with a number', files: { 'devcontainer.json': json({ build: { dockerfile: 'Dockerfile', args: { V: 1 } } }), '.devcontainer/Dockerfile': `FROM ${IMAGE}` }, expect: [/'build\.args\.V'/, /expected a string/] },
  // What the config names does not exist or does not fit together
  { name: 'neither image nor build', files: { 'devcontainer.json': json({ name: 'x' }) }, expect: [at(1, 1), /the config names nothing to run/] },
  { name: 'both image and build', files: { 'devcontainer.json': json({ image: IMAGE, build: { dockerfile: 'Dockerfile' } }), '.devcontainer/Dockerfile': `FROM ${IMAGE}` }, expect: [/'build\.dockerfile'/, /"image" and "build\.dockerfile" are all set; keep exactly one/] },
  { name: 'a missing Dockerfile', files: { 'devcontainer.json': json({ build: { dockerfile: 'Nope' } }) }, expect: [at(3, 5, 'build.dockerfile'), /Nope does not exist/] },
  { name: 'a missing build context', files: { 'devcontainer.json': json({ build: { dockerfile: 'Dockerfile', context: '../nowhere' } }), '.devcontainer/Dockerfile': `FROM ${IMAGE}` }, expect: [/'build\.context'/, /build context .* does not exist/] },
  { name: 'two configs and no --config', files: { '.devcontainer/a/devcontainer.json': json({ image: IMAGE }), '.devcontainer/b/devcontainer.json': json({ image: IMAGE }) }, expect: [/2 dev container configs found; choose one with --config/] },
  { name: 'no config at all', files: { 'README.md': 'hi' }, expect: [/no dev container config/, /fix: Add \.devcontainer\/devcontainer\.json/] },
  { name: 'a --config that does not exist', files: { 'devcontainer.json': json({ image: IMAGE }) }, args: ['--config', '{ws}/nope.json'], expect: [/the config file \S*nope\.json given by --config does not exist/] },
  // Engine-time errors, still before anything is created
  { name: 'an invalid image reference', files: { 'devcontainer.json': line3('name', 'x').replace(IMAGE, 'Not A/Valid:Ref') }, expect: [at(2, 3, 'image'), /"Not A\/Valid:Ref" is not a valid image reference/] },
  { name: 'an image the registry does not have', files: { 'devcontainer.json': line3('name', 'x').replace(IMAGE, '127.0.0.1:5000/berth/missing:1') }, expect: [at(2, 3, 'image'), /pulling 127\.0\.0\.1:5000\/berth\/missing:1 failed/, /fix: Check the image name/] },
  { name: 'a Dockerfile whose RUN fails', files: { 'devcontainer.json': json({ build: { dockerfile: 'Dockerfile' } }), '.devcontainer/Dockerfile': `FROM ${IMAGE}\n\n# broken on purpose\nRUN echo about-to-fail && exit 3\n` }, expect: [/Dockerfile:4:1/, /the build failed at step 2\/2 \(RUN echo about-to-fail && exit 3\)/, /non-zero code: 3/, /about-to-fail/] },
  { name: 'a Dockerfile with an unknown instruction', files: { 'devcontainer.json': json({ build: { dockerfile: 'Dockerfile' } }), '.devcontainer/Dockerfile': `FROM ${IMAGE}\nRUNN true\n` }, expect: [/Dockerfile:2:1: the Dockerfile cannot be parsed/, /unknown instruction: RUNN/i] },
  { name: 'an unknown runArgs flag', files: { 'devcontainer.json': line3('runArgs', ['--frobnicate', 'all']) }, expect: [at(3, 15, 'runArgs.0'), /"--frobnicate" is not a docker run flag/] },
  { name: 'a bad runArgs value', files: { 'devcontainer.json': line3('runArgs', ['--memory', 'lots']) }, expect: [/'runArgs\.0'/, /"lots" is not a size such as 512m or 2g/] },
  { name: 'a mount of an unknown type', files: { 'devcontainer.json': line3('mounts', ['type=nfs,target=/x']) }, expect: [/'mounts\.0'/, /mount type "nfs"/] },
  { name: 'an appPort that is not a port', files: { 'devcontainer.json': line3('appPort', 'web') }, expect: [/'appPort'/, /not a port number/] },
  { name: 'a failing initializeCommand', files: { 'devcontainer.json': line3('initializeCommand', 'echo host-side-failure; exit 4') }, expect: [at(3, 3, 'initializeCommand'), /initializeCommand failed with exit code 4/, /host-side-failure/] },
  // (A failing hook keeps its container, to be retried: test/integration/hookFailure.test.ts.)
  { name: 'a remoteUser the image does not have', files: { 'devcontainer.json': line3('remoteUser', 'nosuchuser') }, expect: [at(3, 3, 'remoteUser'), /the user "nosuchuser" does not exist in the image berth-base:bookworm/, /fix: Set "remoteUser" to a user the image has/] },
  { name: 'a containerUser the image does not have', files: { 'devcontainer.json': line3('containerUser', 'nosuchuser') }, expect: [at(3, 3, 'containerUser'), /the user "nosuchuser" does not exist in the image berth-base:bookworm/] },
  { name: 'the engine is down', files: { 'devcontainer.json': json({ image: IMAGE }) }, env: { DOCKER_HOST: 'unix:///tmp/berth-no-engine.sock' }, expect: [/cannot reach the container engine at unix:\/\/\/tmp\/berth-no-engine\.sock/, /fix: Start the engine/] },
];
