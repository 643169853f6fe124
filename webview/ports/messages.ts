// Messages between the Ports view and the extension host.
import type { PortForward } from '../../runtime-helper/rpc/protocol';

export type ToPortsView = { type: 'ports'; ports: PortForward[]; attached: boolean };

export type FromPortsView =
  | { type: 'ready' }
  | { type: 'add' }
  | { type: 'copy' | 'stop' | 'changeLocalPort'; workspaceFolder: string; containerPort: number };
