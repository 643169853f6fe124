// The remote authority of a dev container's window in a desktop editor: `berth-container+<hex>`,
// the hex naming the host workspace folder (an authority allows no slashes), and what the user
// adds to argv.json when the editor does not let Berth resolve it.
export const AUTHORITY_PREFIX = 'berth-container';
/** publisher.name of package.json. */
export const EXTENSION_ID = 'berth.berth';

export function containerAuthority(workspaceFolder: string): string {
  return `${AUTHORITY_PREFIX}+${Buffer.from(workspaceFolder, 'utf8').toString('hex')}`;
}

/** The workspace folder an authority names, or undefined for one that is not Berth's. */
export function workspaceOfAuthority(authority: string): string | undefined {
  const m = /^berth-container\+([0-9a-f]+)$/.exec(authority);
  return m && m[1].length % 2 === 0 ? Buffer.from(m[1], 'hex').toString('utf8') : undefined;
}

/** The line of argv.json ("Preferences: Configure Runtime Arguments") that enables the resolver proposal. */
export function argvLine(extensionId: string): string {
  return `"enable-proposed-api": ["${extensionId}"]`;
}
