// The address of the container's workbench on the forwarded port: the folder to open, and
// the token the server trades for a cookie on the first request.
export function remoteWindowUrl(localPort: number, remoteFolder: string, token: string): string {
  const query = new URLSearchParams({ folder: remoteFolder, tkn: token });
  return `http://localhost:${localPort}/?${query.toString()}`;
}
