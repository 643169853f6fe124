// What the status bar item offers: the actions that make sense for the window's state.

export interface QuickAction {
  label: string;
  detail?: string;
  command: string;
}

/** `stopped`: the attached container stopped or went away outside Berth. */
export function quickActions(attached: boolean, stopped: 'stopped' | 'removed' | undefined = undefined): QuickAction[] {
  if (!attached) {
    return [
      { label: '$(vm) Reopen in Container', command: 'berth.reopenInContainer' },
      { label: '$(plug) Attach to Running Container…', command: 'berth.attachToContainer' },
      { label: '$(folder-opened) Open Folder in Container…', command: 'berth.openFolderInContainer' },
      { label: '$(new-file) Add Dev Container Configuration Files…', command: 'berth.addConfiguration' },
    ];
  }
  const recovery = stopped === 'stopped' ? [{ label: '$(debug-start) Start Container', detail: 'It stopped outside Berth', command: 'berth.startAttachedContainer' }] : [];
  return [
    ...recovery,
    { label: '$(terminal) Open Container Terminal', command: 'berth.openTerminal' },
    { label: '$(output) Show Container Log', command: 'berth.showContainerLog' },
    { label: '$(refresh) Rebuild Container', command: 'berth.rebuildContainer' },
    { label: '$(refresh) Rebuild Container Without Cache', command: 'berth.rebuildContainerNoCache' },
    { label: '$(gear) Open Dev Container Configuration', command: 'berth.openConfiguration' },
    { label: '$(close) Reopen Folder Locally', detail: 'Detach this window; the container stops unless shutdownAction is "none"', command: 'berth.reopenLocally' },
  ];
}
