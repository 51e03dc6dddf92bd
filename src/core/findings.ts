import { groupBy, nameKey, serviceKey, spnKey, uniqueBy } from './keys.js';
import { parseSpn, servingClasses, spnHostPart } from './spn.js';
import type { Finding, HostPlan, HostRecord, Plan, PlannedValue, PlanEdge, ServiceForm, SpnMappings } from './types.js';
import { UAC, hasFlag } from './uac.js';

/**
 * A delegation entry is useless when its target does not register the SPN (or, for an alias such
 * as cifs, the class sPNMappings maps it to, such as HOST). One finding per target and service.
 */
export function targetFindings(hosts: readonly HostRecord[], services: readonly string[], mappings: SpnMappings): Finding[] {
  const out: Finding[] = [];
  for (const target of hosts) {
    const registered = new Set(target.servicePrincipalNames.map(spnKey));
    for (const service of services) {
      const classes = servingClasses(service, mappings);
      const forms = [
        { nameForm: 'short' as const, form: target.name },
        { nameForm: 'fqdn' as const, form: target.fqdn ?? target.name },
      ];
      const missing: PlannedValue[] = forms
        .filter(({ form }) => !classes.some((c) => registered.has(spnKey(`${c}/${form}`))))
        .map(({ nameForm, form }) => ({ peer: target.name, service, nameForm, spn: `${service}/${form}` }));
      if (missing.length === 0) continue;
      out.push({
        kind: 'target-spn-missing',
        severity: 'error',
        host: target.name,
        service,
        missing,
        ...(classes.length > 1 ? { via: classes.slice(1).map((c) => c.toUpperCase()) } : {}),
      });
    }
  }
  return out;
}

export function accountFindings(hosts: readonly HostRecord[]): Finding[] {
  return hosts
    .filter((h) => hasFlag(h.userAccountControl, UAC.ACCOUNTDISABLE))
    .map((h): Finding => ({ kind: 'account-disabled', severity: 'error', host: h.name }));
}

/**
 * A value stored with blanks around it (Samba stores what it is given): the KDC matches the SPN a ticket
 * asks for against each value whole, so it delegates nothing, though LDAP matches it as the value it
 * looks like (and so does the plan, which never adds a twin beside it that a later delete could mistake
 * for it). Mended by hand: only its owner knows it is not someone's on purpose.
 */
export function paddedValueFindings(hosts: readonly HostRecord[]): Finding[] {
  return hosts.flatMap((h) => h.delegateTo.filter((v) => v !== v.trim()).map((v): Finding => ({ kind: 'padded-value', severity: 'error', host: h.name, value: v })));
}

const FORMS = ['short', 'fqdn'] as const;

/** A service and name form missing towards every one of at least this many peers is one finding for the host. */
const EVERY_PEER_MIN = 3;

/**
 * What each pair lacks, from the plan's structured values, so the output grows with what is wrong and not
 * with N^2: one finding per host that delegates to none of its peers; one per host for each service and
 * name form it lacks towards every peer that needs it (a mesh written without FQDNs); one per pair for
 * whatever is left.
 */
export function delegationFindings(hp: HostPlan, edges: readonly PlanEdge[]): Finding[] {
  if (hp.planned.length === 0) return [];
  const byPeer = groupBy(hp.planned, (v) => v.peer);
  const none = edges.length >= 2 && edges.every((e) => (byPeer.get(e.to)?.length ?? 0) >= e.services.length * FORMS.length);
  if (none) return [{ kind: 'delegates-to-none', severity: 'error', host: hp.host, count: edges.length }];
  const everywhere = missingEverywhere(byPeer, edges);
  const out: Finding[] = everywhere.map(({ forms, peers }): Finding => ({ kind: 'missing-for-every-peer', severity: 'error', host: hp.host, count: peers, forms }));
  const covered = new Set(everywhere.flatMap((g) => g.forms).map(formKey));
  for (const [peer, values] of byPeer) {
    const missing = covered.size ? values.filter((v) => !covered.has(formKey(v))) : values;
    if (missing.length) out.push({ kind: 'missing-delegation', severity: 'error', host: hp.host, peer, missing });
  }
  return out;
}

const formKey = (f: ServiceForm): string => `${serviceKey(f.service)}\u0000${f.nameForm}`;

/**
 * The services and name forms missing towards every one of the (at least EVERY_PEER_MIN) peers that need
 * them, grouped by those peers: a storage target needs cifs only, so cifs and the migration service can
 * be needed by different peers, and each finding's count is exactly the peers its forms are missing towards.
 */
function missingEverywhere(byPeer: ReadonlyMap<string, readonly PlannedValue[]>, edges: readonly PlanEdge[]): Array<{ forms: ServiceForm[]; peers: number }> {
  const lacking = new Map<string, Set<string>>();
  for (const [peer, values] of byPeer) lacking.set(peer, new Set(values.map(formKey)));
  const groups = new Map<string, { forms: ServiceForm[]; peers: number }>();
  for (const service of uniqueBy(edges.flatMap((e) => e.services), serviceKey)) {
    const needing = edges.filter((e) => e.services.some((s) => serviceKey(s) === serviceKey(service)));
    if (needing.length < EVERY_PEER_MIN) continue;
    const who = needing.map((e) => e.to).join('\u0000');
    for (const nameForm of FORMS) {
      const key = formKey({ service, nameForm });
      if (!needing.every((e) => lacking.get(e.to)?.has(key))) continue;
      const group = groups.get(who) ?? groups.set(who, { forms: [], peers: needing.length }).get(who)!;
      group.forms.push({ service, nameForm });
    }
  }
  return [...groups.values()];
}

/** A DC as a delegation target: its NetBIOS name and DNS name. */
export interface DcName {
  name: string;
  fqdn: string | null;
}

/**
 * A mesh host allowed to delegate to any service of a domain controller can act as any user towards the
 * domain. `notWanted` gives a host's values that name no peer (those the plan removes or leaves alone):
 * when no host is a DC by name, only those can name one, and the values a mesh wants are not looked at.
 */
export function dcTargetFindings(hosts: readonly HostRecord[], dcs: readonly DcName[], notWanted?: (h: HostRecord) => readonly string[]): Finding[] {
  const names = new Map<string, string>();
  for (const d of dcs) {
    names.set(nameKey(d.name), d.name);
    if (d.fqdn) names.set(nameKey(d.fqdn), d.name);
  }
  if (names.size === 0) return [];
  const named = (form: string | null): boolean => form !== null && names.has(nameKey(form));
  const narrow = notWanted !== undefined && !hosts.some((h) => named(h.name) || named(h.fqdn));
  // A host part of another length cannot name a DC, so most values are passed over without a key.
  // Lower-casing keeps the length of everything but U+0130 (İ), which becomes two units.
  const lengths = new Set([...names.keys()].map((k) => k.length));
  // A mesh holds few distinct values (each is held by N - 1 hosts): each is looked at once.
  const looked = new Map<string, { dc: string; service: string } | null>();
  const dcOf = (value: string): { dc: string; service: string } | null => {
    const host = spnHostPart(value);
    if (host === null) return null;
    const bare = host.trim();
    if (!lengths.has(bare.length) && !bare.includes('\u0130')) return null;
    const dc = names.get(nameKey(bare));
    const p = dc ? parseSpn(value) : null;
    return p && dc ? { dc, service: p.service } : null;
  };
  const out: Finding[] = [];
  for (const h of hosts) {
    const some = narrow ? notWanted(h) : h.delegateTo;
    if (some.length === 0) continue;
    // in the order the host holds them
    const mine = some === h.delegateTo ? null : new Set(some);
    for (const value of h.delegateTo) {
      if (mine && !mine.has(value)) continue;
      let hit = looked.get(value);
      if (hit === undefined) looked.set(value, (hit = dcOf(value)));
      if (hit) out.push({ kind: 'delegates-to-dc', severity: 'critical', host: h.name, peer: hit.dc, service: hit.service, value });
    }
  }
  return out;
}

/** What verify enforces: the policy's mode (given by --mode or the config), or only that the hosts agree. */
export interface VerifyOptions {
  enforceMode: boolean;
}

/**
 * Verify's findings: the plan must be empty, so every planned change is a finding, plus the
 * warnings the plan carries (targets, accounts, budget). One comparison, shared with plan and apply.
 */
export function verifyFindings(plan: Plan, options: VerifyOptions = { enforceMode: true }): Finding[] {
  // The edges by host only when a host lacks something: a complete mesh's N^2 edges are not grouped.
  const edgesFrom = plan.hosts.some((hp) => hp.planned.length) ? groupBy(plan.edges, (e) => e.from) : new Map<string, PlanEdge[]>();
  const out: Finding[] = [];
  for (const hp of plan.hosts) {
    for (const f of delegationFindings(hp, edgesFrom.get(hp.host) ?? [])) out.push(f);
    for (const value of hp.remove) out.push({ kind: 'unwanted-delegation', severity: 'error', host: hp.host, value });
    if (!hp.uac) continue;
    const { from, to } = hp.uac;
    if (hasFlag(from, UAC.TRUSTED_FOR_DELEGATION)) out.push({ kind: 'unconstrained-delegation', severity: 'critical', host: hp.host });
    if (options.enforceMode && hasFlag(from, UAC.TRUSTED_TO_AUTH_FOR_DELEGATION) !== hasFlag(to, UAC.TRUSTED_TO_AUTH_FOR_DELEGATION)) {
      const mode = hasFlag(from, UAC.TRUSTED_TO_AUTH_FOR_DELEGATION) ? 'any-protocol' : 'kerberos-only';
      out.push({ kind: 'mode-mismatch', severity: 'error', host: hp.host, mode, wanted: plan.mode, against: 'policy' });
    }
  }
  for (const w of plan.warnings) out.push(w);
  return out;
}
