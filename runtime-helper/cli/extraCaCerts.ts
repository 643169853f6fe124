// Node reads every certificate in NODE_EXTRA_CA_CERTS while it starts, before any script
// runs: with a full CA bundle there, that is ~35 ms of each `berth` call. The CLI itself
// never speaks TLS, so the shell line at the top of dist/berth.js (scripts/build.mjs) starts
// Node with the variable moved aside, and the launcher puts it back at once: the helper,
// the hooks and ${localEnv:NODE_EXTRA_CA_CERTS} all see the user's value.

/** Where that shell line keeps the user's value while Node starts. */
const SAVED = 'BERTH_SAVED_EXTRA_CA_CERTS';

export function restoreExtraCaCerts(env: NodeJS.ProcessEnv): void {
  const saved = env[SAVED];
  if (saved === undefined) return;
  env.NODE_EXTRA_CA_CERTS = saved;
  delete env[SAVED];
}
