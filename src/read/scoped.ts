import type { Source } from '../config/resolve.js';
import { scopeOf, type Scope } from '../core/report.js';
import type { Reading } from '../core/state.js';
import { pairCount } from '../core/topology.js';
import type { Finding } from '../core/types.js';
import type { Directory } from '../directory/directory.js';
import { createProgress, type Progress } from '../render/progress.js';
import { VERSION } from '../version.js';
import { searchBase, type Context } from './session.js';
import { sourceReader } from './source.js';

/** Hosts named on the command line are counted before connecting; discovered hosts and groups are not. */
export function progressFor(ctx: Context, source: Source): Progress {
  const named = source.kind === 'hosts' && !source.selection.discover ? source.selection.names.length : null;
  return createProgress(ctx.err, { quiet: ctx.options.quiet, hosts: named });
}

function readingStep(source: Source, base: string, url: string): string {
  if (source.kind === 'config') return `reading the groups of the config from ${url}`;
  const { selection } = source;
  return selection.discover ? `discovering hosts under ${base} on ${url}` : `reading ${selection.names.length} hosts from ${url}`;
}

/** A further read on the same connection (verify --all-dcs), with the hosts just read. */
export type AlsoRead = (dir: Directory, openOther: (url: string) => Promise<Directory>, reading: Reading) => Promise<Finding[]>;

/** A read that does not depend on the hosts (verify's DCs): sent with theirs, not one round trip later. */
export type Alongside = (dir: Directory) => Promise<void>;

/** Read the wanted state once, and note where and when (the scope every report format states). */
export async function readScoped(ctx: Context, source: Source, progress: Progress, also?: AlsoRead, alongside?: Alongside): Promise<Reading & { scope: Scope; extra: Finding[] }> {
  progress.step('connecting to the domain controller');
  const state = await ctx.directory.use(async (dir, openOther) => {
    const base = searchBase(ctx, dir);
    progress.step(readingStep(source, base, dir.url));
    const [reading] = await Promise.all([sourceReader(ctx, source)(dir), alongside?.(dir)]);
    const extra = also ? await also(dir, openOther, reading) : [];
    return { ...reading, extra, scope: scopeOf(dir, base, new Date(), VERSION) };
  });
  progress.step(`checking ${state.hosts.length} hosts, ${pairCount(state.topology)} directed pairs`);
  return state;
}
