// While the window is attached, a terminal the editor opens with its default profile ("+",
// Create New Terminal, opening an empty panel) becomes a shell in the container, in its place.
//
// Not a default profile of Berth's (configurationDefaults): that changes every window, and in
// code-server 4.96.4 "+" with no terminal open then fails ("Cannot read properties of undefined
// (reading 'shellLaunchConfig')": the editor looks for the new terminal before an extension's
// profile has made it). Settings cannot change it either: attached mode writes nothing into the
// repository or the user's settings.
import * as vscode from 'vscode';
import type { HelperConnection } from '../helper/helperConnection';
import type { Attachment } from '../state/attachment';
import { attachmentShell, containerTerminalOptions } from './containerPty';

export class AttachedDefaultShell implements vscode.Disposable {
  private listener: vscode.Disposable | undefined;

  constructor(private readonly helper: HelperConnection, private readonly attachment: () => Attachment | undefined) {}

  /**
   * Called when the window attaches (after a reload: once its container is found running) or
   * detaches. Host terminals the editor restores after a reload come before that, and stay.
   */
  follow(a: Attachment | undefined): void {
    this.listener?.dispose();
    this.listener = a && vscode.window.onDidOpenTerminal((opened) => this.replace(opened));
  }

  private replace(opened: vscode.Terminal): void {
    const a = this.attachment();
    if (!a || !isDefaultShell(opened)) return;
    // Made first, so that the panel does not close in between.
    vscode.window.createTerminal(containerTerminalOptions(this.helper, attachmentShell(a, this.attachment))).show();
    opened.dispose();
  }

  dispose(): void {
    this.listener?.dispose();
  }
}

/**
 * The editor's default shell: no shell path, name or pseudoterminal of its own. A profile the
 * user picks (or sets as terminal.integrated.defaultProfile), a task's or another extension's
 * named terminal has one of them, and stays as it is.
 */
function isDefaultShell(terminal: vscode.Terminal): boolean {
  const options = terminal.creationOptions;
  return !('pty' in options) && !options.shellPath && !options.name && !options.hideFromUser;
}
