// Entry of dist/engine.js: what the thin CLI loads on demand.
export { serve } from '../daemon/serve';
export { execCommand } from '../engine/execCommand';
