import type { BerthContext } from '../../berthContext';
import { prune } from '../prune';

export const pruneImages = (ctx: BerthContext) => prune(ctx, 'images', 'Remove every dangling (untagged) image?');
