import { checkEnabled, checkMesh } from '../core/mesh.js';
import { sameDn, uniqueBy } from '../core/keys.js';
import { matches, parseHostName, parseHostNames, resolveHostNames } from '../core/names.js';
import { onboardTopology, ownPeerError } from '../core/onboard.js';
import { UsageError } from '../errors.js';
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
  // One search for every name; a name in two roles is found once here and refused below.
  const lookup = uniqueBy(names.map(parseHostName), (n) => `${n.kind}:${n.key}`);
  const [found, mappings] = await Promise.all([dir.findHosts(lookup, base), dir.readSpnMappings()]);
  // The host is resolved on its own first: a peer that is the same computer by its other name is
  // "its own peer", not "listed twice".
  const [host] = resolveHostNames(parseHostNames([chosen.host]), found);
  const peerNames = parseHostNames(chosen.peerNames);
  const self = peerNames.find((p) => matches(p, host));
  if (self) throw ownPeerError(host.name, self.input);
  const [, ...rest] = resolveHostNames([...parseHostNames([chosen.host]), ...peerNames], found);
  const storage = resolveHostNames(parseHostNames(chosen.storageNames), found);
  const asStorage = storage.find((s) => sameDn(s, host));
  if (asStorage) throw new UsageError(`${host.name} is a storage target of the chosen group, so it cannot join it as a Hyper-V host`, 'choose another group, or take it out of the group\'s storage in the config');
  checkMesh([host, ...rest]);
  checkEnabled([host, ...rest]);
  return {
    hosts: [host, ...rest, ...storage],
    mappings,
    topology: onboardTopology(host, rest, storage, policy.services, chosen.mode),
    policy: { ...policy, mode: chosen.mode },
  };
}
