// What the status bar item offers: the actions that make sense for the window's state.

export interface QuickAction {
  label: string;
  detail?: string;
  command: string;
}

export function quickActions(attached: boolean): QuickAction[] {
  if (!attached) {
    return [
      { label: '$(vm) Reopen in Container', command: 'berth.reopenInContainer' },
      { label: '$(plug) Attach to Running Container…', command: 'berth.attachToContainer' },
      { label: '$(folder-opened) Open Folder in Container…', command: 'berth.openFolderInContainer' },
      { label: '$(new-file) Add Dev Container Configuration Files…', command: 'berth.addConfiguration' },
    ];
  }
  return [
    { label: '$(terminal) Open Container Terminal', command: 'berth.openTerminal' },
    { label: '$(output) Show Container Log', command: 'berth.showContainerLog' },
    { label: '$(refresh) Rebuild Container', command: 'berth.rebuildContainer' },
    { label: '$(refresh) Rebuild Container Without Cache', command: 'berth.rebuildContainerNoCache' },
    { label: '$(gear) Open Dev Container Configuration', command: 'berth.openConfiguration' },
    { label: '$(close) Reopen Folder Locally', detail: 'Detach this window; the container stops unless shutdownAction is "none"', command: 'berth.reopenLocally' },
  ];
}
