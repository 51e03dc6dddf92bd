import type { Baseline } from '../config/baseline.js';
import type { Policy } from '../core/types.js';
import type { Directory } from '../directory/directory.js';
import type { Context } from './context.js';
import { readBaseline } from './groups.js';
import { readMesh, sameHosts, type HostSelection, type MeshState } from './mesh.js';

/** Where the wanted state comes from: hosts named on the command line (or discovered), or a config file. */
export type Source =
  | { kind: 'hosts'; selection: HostSelection; policy: Policy }
  | { kind: 'config'; baseline: Baseline; prune: boolean; forWrite: boolean };

/**
 * A reader for the same wanted state, called again after a prompt and after writing. Discovered
 * hosts are re-read by name, so a host that appears meanwhile does not change the plan under review.
 */
export function sourceReader(ctx: Context, dir: Directory, source: Source): () => Promise<MeshState> {
  if (source.kind === 'config') {
    return () => readBaseline(ctx, dir, source.baseline, { forWrite: source.forWrite, prune: source.prune });
  }
  let selection = source.selection;
  return async () => {
    const state = await readMesh(ctx, dir, selection, source.policy);
    selection = sameHosts(state.hosts, selection.forWrite);
    return state;
  };
}
