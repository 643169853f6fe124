import type { ContainerSummary } from '../../../runtime-helper/rpc/protocol';
import type { BerthContext } from '../../berthContext';
import { containerAction } from './containerAction';

export const startContainer = (ctx: BerthContext, container: ContainerSummary) => containerAction(ctx, container, 'start');
