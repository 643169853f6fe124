import type { BerthContext } from '../../berthContext';
import { prune } from '../prune';

export const pruneVolumes = (ctx: BerthContext) => prune(ctx, 'volumes', 'Remove every volume no container uses? Their data is lost.');
