// The engine (dockerode and everything above it) lives in dist/engine.js, loaded only by
// the commands that need it, so `berth up` against a warm helper starts in a few ms.
import { join } from 'node:path';

type EngineModule = typeof import('./engineEntry');

export function loadEngine(): EngineModule {
  // A computed path keeps the bundler from inlining it.
  return require(join(__dirname, 'engine.js')) as EngineModule;
}
