import { serviceKey } from '../core/keys.js';
import { MODE_LABEL } from '../core/mode.js';
import { MIGRATION_SERVICE } from '../core/spn.js';
import type { Mode } from '../core/types.js';
import type { FindingGroup } from './finding-groups.js';

/** How to register a missing target SPN: cifs is served by HOST (sPNMappings), so HOST is what is registered. */
function setspn(group: FindingGroup): string {
  const spns = group.values.flatMap((v) => v.split(', ')).map((v) => (/^cifs\//i.test(v) ? `HOST/${v.slice(5)}` : v));
  return spns.map((s) => `setspn -S "${s}" ${group.host}`).join('; ');
}

/** The fix for one finding, in words an admin acts on: the kcdmesh way first, then the manual one. */
export function fixFor(group: FindingGroup, mode: Mode): string {
  switch (group.kind) {
    case 'missing-delegation':
      return `Run kcdmesh apply with the same hosts (it adds exactly these values), or in ADUC: ${group.host} > Properties > Delegation > Add > ${group.peer ?? 'the peer'}, and pick every missing service.`;
    case 'target-spn-missing': {
      const migration = group.findings.some((f) => f.service !== undefined && serviceKey(f.service) === serviceKey(MIGRATION_SERVICE));
      return `${migration ? `Install the Hyper-V role on ${group.host}, or register` : 'Register'} the SPN on ${group.host}'s computer account: ${setspn(group)}.`;
    }
    case 'mode-mismatch':
      return `Run kcdmesh apply --mode ${mode} with the same hosts, or in ADUC: ${group.host} > Properties > Delegation > "${MODE_LABEL[mode]}". If the host's current mode is the intended one, verify with that --mode instead.`;
    case 'unconstrained-delegation':
      return `Run kcdmesh apply with the same hosts (it clears the flag), or in ADUC: ${group.host} > Properties > Delegation > "Trust this computer for delegation to specified services only".`;
    case 'account-disabled':
      return `Enable ${group.host}'s computer account if the host is in service; otherwise leave it out of the mesh.`;
    case 'value-budget':
      return 'Split the hosts into migration groups (meshes that do not cross), or raise --max-values if the forest allows more.';
    case 'unwanted-delegation':
      return 'Run kcdmesh apply with the same config and --prune (it removes exactly these values), or remove them in ADUC on the Delegation tab.';
    case 'not-replicated':
      return 'Wait for replication (or run repadmin /syncall), then verify --all-dcs again; hosts using a lagging DC get the old answer until then.';
  }
}
