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

export function containerShellForDefault(helper: HelperConnection, attachment: () => Attachment | undefined): vscode.Disposable {
  return vscode.window.onDidOpenTerminal((opened) => {
    const a = attachment();
    if (!a || !isDefaultShell(opened)) return;
    // Made first, so that the panel does not close in between.
    vscode.window.createTerminal(containerTerminalOptions(helper, attachmentShell(a, attachment))).show();
    opened.dispose();
  });
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
