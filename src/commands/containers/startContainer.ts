import type { ContainerSummary } from '../../../runtime-helper/rpc/protocol';
import type { BerthContext } from '../../berthContext';
import type { Group } from '../../tree/grouping';
import { containerAction } from './containerAction';

export const startContainer = (ctx: BerthContext, container: ContainerSummary | Group<ContainerSummary>) => containerAction(ctx, container, 'start');
