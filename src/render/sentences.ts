import { serviceKey } from '../core/keys.js';
import { MIGRATION_SERVICE } from '../core/spn.js';
import { MODE_LABEL } from '../core/mode.js';
import type { Finding, NameForm, PlannedValue, ServiceForm, Severity } from '../core/types.js';
import type { Verdict } from '../core/verdict.js';

/**
 * The sentences every format shares (text, JSON messages, JUnit, Markdown, HTML): a finding is data, and
 * this is the one place it becomes words, so every format says the same thing the same way.
 */

const plural = (n: number, word: string, many = `${word}s`): string => `${n} ${n === 1 ? word : many}`;

export const FORM_WORDS: Record<NameForm, string> = { short: 'short name', fqdn: 'FQDN' };

export const cannotDelegate = (host: string, peer: string): string => `${host} cannot delegate to ${peer}`;

const list = (values: readonly PlannedValue[]): string => values.map((v) => v.spn).join(', ');

/** "cifs by FQDN and Microsoft Virtual System Migration Service by short name". */
const formsText = (forms: readonly ServiceForm[]): string => {
  const parts = forms.map((f) => `${f.service} by ${FORM_WORDS[f.nameForm]}`);
  return parts.length <= 1 ? parts.join('') : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
};

/** What one finding says, in one line. */
export function findingSentence(f: Finding): string {
  switch (f.kind) {
    case 'unconstrained-delegation':
      return `${f.host} is trusted for delegation to any service (Kerberos only), unconstrained: it can act as any user towards any service in the domain`;
    case 'delegates-to-dc':
      return `${f.host} may delegate to ${f.value ?? `${f.service}/${f.peer}`} on domain controller ${f.peer}: a compromised ${f.host} can act as any user towards the domain`;
    case 'missing-delegation':
      return `${cannotDelegate(f.host, f.peer ?? '?')}: missing ${list(f.missing ?? [])}`;
    case 'delegates-to-none':
      return `${f.host} delegates to none of its ${plural(f.count ?? 0, 'peer')}`;
    case 'missing-for-every-peer':
      return `${f.host} lacks ${formsText(f.forms ?? [])} towards every one of its ${plural(f.count ?? 0, 'peer')}`;
    case 'target-spn-missing': {
      const via = f.via?.length ? ` (or ${f.via.join('/')})` : '';
      const hint = serviceKey(f.service ?? '') === serviceKey(MIGRATION_SERVICE) ? ' (is the Hyper-V role installed?)' : '';
      return `${f.host} cannot be delegated to: it does not register ${(f.missing ?? []).map((v) => v.spn).join(' or ')}${via}${hint}`;
    }
    case 'mode-mismatch':
      return f.against === 'mesh'
        ? `${f.host} is in ${f.mode} mode, the rest of the mesh (${plural(f.count ?? 0, 'host')}) in ${f.wanted}`
        : `${f.host} is in ${f.mode} mode, the mesh wants ${f.wanted}`;
    case 'account-disabled':
      return `${f.host}'s computer account is disabled: it cannot migrate to or from its peers`;
    case 'operator-not-delegable':
      return f.reason === 'sensitive'
        ? `operator ${f.host} is marked "Account is sensitive and cannot be delegated": every migration ${f.host} starts fails`
        : `operator ${f.host} is in Protected Users${(f.via?.length ?? 0) > 1 ? ` (through ${f.via!.slice(0, -1).join(' > ')})` : ''}: every migration ${f.host} starts fails`;
    case 'operator-not-found':
      return `operator ${f.host} was not found in the directory`;
    case 'value-budget':
      return `${f.host} would hold ${f.count} delegation values, ${f.severity === 'error' ? 'over' : 'near'} the limit of ${f.limit}`;
    case 'dc-unreachable':
      return `${f.host}: could not be read, so what it holds is not checked${f.detail ? ` (${f.detail})` : ''}`;
    case 'not-replicated':
      return `${f.host}: ${f.value} is on ${f.on?.join(', ') || 'no DC'} but not yet on ${f.missingOn?.join(', ') ?? '?'}`;
    case 'unwanted-delegation':
      return `${f.host} still delegates ${f.value}, which the mesh no longer wants`;
    case 'padded-value':
      return `${f.host} holds ${JSON.stringify(f.value ?? '')} with blanks around it: the KDC matches no ticket to it, so it delegates nothing`;
    case 'os-remote-moves':
      return `${hostList(f.hosts)} run Windows Server 2016 or later in kerberos-only mode: moves work only when started on the source host; moves started from another machine need any-protocol`;
    case 'credssp-blocked':
      return `${hostList(f.hosts)} run Windows Server 2025, where Credential Guard blocks CredSSP: Kerberos delegation is the only way their moves work, and it is incomplete`;
    case 'os-mixed':
      return `the hosts run different Windows versions (${(f.versions ?? []).map((v) => `${v.os}: ${v.hosts.join(', ')}`).join('; ')}): a VM cannot move to a host that does not support its configuration version`;
  }
}

function hostList(hosts: readonly string[] | undefined): string {
  const h = hosts ?? [];
  return h.length <= 8 ? h.join(', ') : `${h.slice(0, 8).join(', ')} and ${h.length - 8} more`;
}

/** The fix for one finding, in words an admin acts on: the kcdmesh way first, then the manual one. */
export function fixFor(f: Finding, mode: Verdict['mode']): string {
  switch (f.kind) {
    case 'missing-delegation':
      return `Run kcdmesh apply with the same hosts (it adds exactly these values), or in ADUC: ${f.host} > Properties > Delegation > Add > ${f.peer ?? 'the peer'}, and pick every missing service.`;
    case 'delegates-to-none':
      return `Run kcdmesh apply with the same hosts: ${f.host} gets the values for every peer.`;
    case 'missing-for-every-peer':
      return `Run kcdmesh apply with the same hosts: ${f.host} gets ${formsText(f.forms ?? [])} for every peer (in ADUC: the Delegation tab, once per peer).`;
    case 'target-spn-missing': {
      const spns = (f.missing ?? []).map((v) => (/^cifs\//i.test(v.spn) ? `HOST/${v.spn.slice(5)}` : v.spn));
      const migration = serviceKey(f.service ?? '') === serviceKey(MIGRATION_SERVICE);
      return `${migration ? `Install the Hyper-V role on ${f.host}, or register` : 'Register'} the SPN on ${f.host}'s computer account: ${spns.map((s) => `setspn -S "${s}" ${f.host}`).join('; ')}.`;
    }
    case 'mode-mismatch':
      return f.against === 'mesh'
        ? `Pick the mesh's mode and run kcdmesh apply --mode <mode> with the same hosts (or verify with --mode to enforce one).`
        : `Run kcdmesh apply --mode ${mode} with the same hosts, or in ADUC: ${f.host} > Properties > Delegation > "${MODE_LABEL[mode]}". If the host's current mode is the intended one, verify with that --mode instead.`;
    case 'unconstrained-delegation':
      return `Run kcdmesh apply with the same hosts (it clears the flag), or in ADUC: ${f.host} > Properties > Delegation > "Trust this computer for delegation to specified services only".`;
    case 'delegates-to-dc':
      return `Remove ${f.value} from ${f.host} on the Delegation tab in ADUC: hosts never delegate to a domain controller.`;
    case 'account-disabled':
      return `Enable ${f.host}'s computer account if the host is in service; otherwise leave it out of the mesh.`;
    case 'operator-not-delegable':
      return f.reason === 'sensitive'
        ? `Start migrations as another account, or clear "Account is sensitive and cannot be delegated" on ${f.host} (ADUC > Account).`
        : `Start migrations as an account outside Protected Users${(f.via?.length ?? 0) > 1 ? `, or take ${f.host} out of ${f.via![0]}` : ''}.`;
    case 'operator-not-found':
      return 'Check the --operator name (sAMAccountName or UPN).';
    case 'value-budget':
      return 'Split the hosts into migration groups (meshes that do not cross), or raise --max-values if the forest allows more.';
    case 'unwanted-delegation':
      return 'Run kcdmesh apply with the same config and --prune (it removes exactly these values), or remove them in ADUC on the Delegation tab.';
    case 'padded-value':
      return `In ADUC, on ${f.host}'s Delegation tab (or its msDS-AllowedToDelegateTo in the Attribute Editor), replace ${JSON.stringify(f.value ?? '')} by ${JSON.stringify((f.value ?? '').trim())}; then verify again.`;
    case 'dc-unreachable':
      return `Make ${f.host} reachable from here (its name resolves, LDAPS answers, its certificate lists that name), then verify --all-dcs again.`;
    case 'not-replicated':
      return 'Wait for replication (or run repadmin /syncall), then verify --all-dcs again; hosts using a lagging DC get the old answer until then.';
    case 'os-remote-moves':
      return 'Start moves on the source host, or use any-protocol (kcdmesh apply --mode any-protocol) for remote moves.';
    case 'credssp-blocked':
      return 'Run kcdmesh apply with the same hosts so every pair is complete.';
    case 'os-mixed':
      return 'Move VMs towards newer hosts only, or keep their configuration version at the oldest host\'s level (Update-VMVersion only when every host supports it).';
  }
}

export const SEVERITY_WORD: Record<Severity, string> = { critical: 'critical', error: 'error', warning: 'warning' };

/** "3 (1 critical, 2 errors)": the one count and its severities, worded once. */
export function countText(findings: readonly Finding[]): string {
  if (findings.length === 0) return '0';
  const parts = (['critical', 'error', 'warning'] as const)
    .map((s) => [findings.filter((f) => f.severity === s).length, s] as const)
    .filter(([n]) => n > 0)
    .map(([n, s]) => (s === 'critical' ? `${n} critical` : plural(n, s)));
  return `${findings.length} (${parts.join(', ')})`;
}

export function verifySummary(v: Verdict): string {
  // A pair works when its values are all there and its target can be delegated to.
  const { planned, complete } = v.pairCounts;
  if (v.ok && v.count === 0) return `Verified: ${v.hosts.length} hosts, ${planned} directed pairs, every pair trusted both ways (${v.mode}).`;
  if (v.ok) return `Verified: ${v.hosts.length} hosts, every pair trusted both ways (${v.mode}). Findings: ${countText(v.findings)}.`;
  return `Findings: ${countText(v.findings)}; ${complete} of ${planned} directed pairs work.`;
}
