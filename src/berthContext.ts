// What every command and view of the extension shares.
import type * as vscode from 'vscode';
import type { HelperConnection } from './helper/helperConnection';
import type { Attachment } from './state/attachment';
import type { AttachmentStatus } from './statusBar';
import type { ContainersTree } from './tree/containers/containersTree';
import type { ImagesTree } from './tree/images/imagesTree';
import type { LogsTree } from './tree/logs/logsTree';
import type { VolumesTree } from './tree/volumes/volumesTree';
import type { PortsViewProvider } from './webviews/portsViewProvider';

export interface BerthContext {
  extension: vscode.ExtensionContext;
  helper: HelperConnection;
  log: vscode.LogOutputChannel;
  attachment(): Attachment | undefined;
  attach(attachment: Attachment): Promise<void>;
  detach(): Promise<void>;
  /** The status bar item: the attached container's name and whether it still runs. */
  status: AttachmentStatus;
  trees: { containers: ContainersTree; images: ImagesTree; volumes: VolumesTree; logs: LogsTree };
  /** The Ports panel, whose Add Port is also a command. */
  ports: PortsViewProvider;
}

/** The folder Berth works on: the first workspace folder. */
export function workspaceFolderPath(vscodeApi: typeof vscode): string | undefined {
  return vscodeApi.workspace.workspaceFolders?.[0]?.uri.fsPath;
}
