// The CLI reaches the engine through the user's helper, starting it when needed,
// so a warm `up` costs one round trip instead of loading the engine client.
import { connectHelper, type HelperClient } from '../rpc/client';
import { failWith, printProgress } from './output';

export async function helper(): Promise<HelperClient> {
  const client = await connectHelper({ clientName: 'berth-cli', helperScript: process.argv[1], retryOnClose: true });
  if (!client.ok) failWith(client.error);
  return client.value;
}

// Progress comes back on this connection only, and a CLI call makes one request.
const PROGRESS_TOKEN = 'cli';

/** Prints the request's progress to stderr; spread the result into the request's params. */
export function showProgress(client: HelperClient): { progressToken: string } {
  client.onNotification('progress', (p) => p.token === PROGRESS_TOKEN && printProgress(p.event));
  return { progressToken: PROGRESS_TOKEN };
}
