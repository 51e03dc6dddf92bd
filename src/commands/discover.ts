import { byName, describeHost } from '../core/discovery.js';
import type { Outcome } from '../errors.js';
import { renderDiscoverText } from '../render/discover-text.js';
import { renderJson } from '../render/json.js';
import { searchBase, type Context } from '../read/session.js';

/** List the computers that register the migration SPN, with their current delegation mode. */
export async function discoverCommand(ctx: Context): Promise<Outcome> {
  const hosts = await ctx.directory.use(async (dir) => (await dir.discoverHosts(searchBase(ctx, dir))).sort(byName).map(describeHost));
  ctx.out.write(ctx.options.output === 'json' ? renderJson('discover', { hosts }) : renderDiscoverText(hosts));
  return 'clean';
}
