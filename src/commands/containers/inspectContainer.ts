import type { ContainerSummary } from '../../../runtime-helper/rpc/protocol';
import type { BerthContext } from '../../berthContext';
import { openInspectDocument } from '../../inspect/inspectDocument';

export const inspectContainer = (_ctx: BerthContext, container: ContainerSummary): Promise<void> => openInspectDocument(container);
