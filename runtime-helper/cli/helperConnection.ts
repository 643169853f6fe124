// The CLI reaches the engine through the user's helper, starting it when needed,
// so a warm `up` costs one round trip instead of loading the engine client.
import { connectHelper, type HelperClient } from '../rpc/client';
import { failWith } from './output';

export async function helper(): Promise<HelperClient> {
  const client = await connectHelper({ clientName: 'berth-cli', helperScript: process.argv[1] });
  if (!client.ok) failWith(client.error);
  return client.value;
}
