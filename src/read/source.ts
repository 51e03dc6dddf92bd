import type { Source } from '../config/resolve.js';
import type { Reading } from '../core/state.js';
import type { Directory } from '../directory/directory.js';
import { readBaseline } from './groups.js';
import { readMesh, sameHosts } from './mesh.js';
import type { Context } from './session.js';

/**
 * A reader for the same wanted state, called again after a prompt and after writing (on a new connection
 * when the run's own was lost during the write). Discovered
 * hosts are re-read by name, so a host that appears meanwhile does not change the plan under review.
 */
export function sourceReader(ctx: Context, source: Source): (dir: Directory) => Promise<Reading> {
  if (source.kind === 'config') {
    return (dir) => readBaseline(ctx, dir, source.baseline, { forWrite: source.forWrite, prune: source.prune });
  }
  let selection = source.selection;
  return async (dir) => {
    const reading = await readMesh(ctx, dir, selection, source.policy);
    selection = sameHosts(reading.hosts, selection.forWrite);
    return reading;
  };
}
