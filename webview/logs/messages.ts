// Messages between the log viewer and the extension host.
import type { LogLine } from '../../runtime-helper/rpc/protocol';

export type ToLogView = { type: 'lines'; lines: LogLine[] } | { type: 'gap'; reason: string } | { type: 'title'; title: string };

export type FromLogView = { type: 'ready' } | { type: 'export' };
