import { checkEnabled, checkMesh } from '../core/mesh.js';
import { parseHostNames, resolveHostNames } from '../core/names.js';
import { onboardTopology } from '../core/onboard.js';
import type { Reading } from '../core/state.js';
import type { Mode, Policy } from '../core/types.js';
import type { Directory } from '../directory/directory.js';

/** Who onboarding touches, by name: the new host, the peers chosen, and its groups' storage. */
export interface OnboardChoice {
  host: string;
  peerNames: string[];
  storageNames: string[];
  mode: Mode;
}

/** Read the new host, its peers and storage (one batch) and check they can form a mesh. */
export async function readOnboard(dir: Directory, base: string, chosen: OnboardChoice, policy: Policy): Promise<Reading> {
  const names = [chosen.host, ...chosen.peerNames, ...chosen.storageNames];
  const [found, mappings] = await Promise.all([dir.findHosts(parseHostNames(names), base), dir.readSpnMappings()]);
  const [host, ...rest] = resolveHostNames(parseHostNames([chosen.host, ...chosen.peerNames]), found);
  const storage = resolveHostNames(parseHostNames(chosen.storageNames), found);
  checkMesh([host, ...rest]);
  checkEnabled([host, ...rest]);
  return {
    hosts: [host, ...rest, ...storage],
    mappings,
    topology: onboardTopology(host, rest, storage, policy.services, chosen.mode),
    policy: { ...policy, mode: chosen.mode },
  };
}
