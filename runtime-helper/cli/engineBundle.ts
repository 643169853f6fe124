// The engine (dockerode and everything above it) lives in dist/engine.js, loaded only by
// the commands that need it, so `berth up` against a warm helper starts in a few ms.
import { join } from 'node:path';
import { requireWithCodeCache } from './codeCache';

type EngineModule = typeof import('./engineEntry');

export function loadEngine(): EngineModule {
  return requireWithCodeCache(join(__dirname, 'engine.js')) as EngineModule;
}
