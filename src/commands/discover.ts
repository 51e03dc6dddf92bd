import { byName, describeHost } from '../core/discovery.js';
import { renderDiscoverText } from '../render/discover-text.js';
import { renderJson } from '../render/json.js';
import { searchBase, withDirectory, type Context, type Outcome } from './context.js';

/** List the computers that register the migration SPN, with their current delegation mode. */
export async function discoverCommand(ctx: Context): Promise<Outcome> {
  const hosts = await withDirectory(ctx, async (dir) => (await dir.discoverHosts(searchBase(ctx, dir))).sort(byName).map(describeHost));
  ctx.io.stdout.write(ctx.flags.output === 'json' ? renderJson('discover', { hosts }) : renderDiscoverText(hosts));
  return 'clean';
}
