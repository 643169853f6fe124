import type { ContainerSummary } from '../../../runtime-helper/rpc/protocol';
import type { BerthContext } from '../../berthContext';
import { openStatsChart } from '../../webviews/statsChartPanel';
import { attachedOrPicked } from './pickContainer';

/** From the Containers tree, its row's container; from the palette, the attached one or a running one picked. */
export async function showStatsChart(ctx: BerthContext, container?: ContainerSummary): Promise<void> {
  const target = container ?? (await attachedOrPicked(ctx, 'Show the stats of which container?', true));
  if (target) openStatsChart(ctx.extension.extensionUri, ctx.helper, target);
}
