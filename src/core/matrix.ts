import type { Finding, HostPlan, NameForm, PlannedValue, PlanEdge } from './types.js';
import { groupBy, serviceKey } from './keys.js';

export type { NameForm } from './types.js';

export interface PairStatus {
  from: string;
  to: string;
  /** The services this pair is meant to have (a storage target is asked for cifs only). */
  services: readonly string[];
  /** Values the delegating host needs for this peer (services x name forms). */
  expected: number;
  missing: number;
  /** The missing values, by service and name form; empty for a complete pair. */
  gaps: PlannedValue[];
}

/**
 * Who trusts whom, as the verdict keeps it: the plan's edges (shared, not copied) and each host's missing
 * values by peer (a host with none has no entry). A pair's status is made when asked for (pairsOf), so a
 * complete mesh of N hosts holds no object per pair beyond the plan's own edge.
 */
export interface Trust {
  /** The plan's edges, read only when the pairs are listed (a mesh's are made then). */
  readonly edges: readonly PlanEdge[];
  /** How many there are. */
  pairs: number;
  gaps: ReadonlyMap<string, ReadonlyMap<string, PlannedValue[]>>;
}

export function trustOf(hosts: readonly HostPlan[], plan: { readonly edges: readonly PlanEdge[]; pairCount: number }): Trust {
  const gaps = new Map<string, Map<string, PlannedValue[]>>();
  for (const h of hosts) if (h.planned.length) gaps.set(h.host, groupBy(h.planned, (v) => v.peer));
  return {
    get edges() {
      return plan.edges;
    },
    pairs: plan.pairCount,
    gaps,
  };
}

const NO_GAPS: PlannedValue[] = [];

const pairOf = (e: PlanEdge, gaps: PlannedValue[] = NO_GAPS): PairStatus => ({ from: e.from, to: e.to, services: e.services, expected: e.services.length * 2, missing: gaps.length, gaps });

/** Every directed pair the plan establishes, with the values it lacks, one at a time, in the plan's order. */
export function* pairsOf(t: Trust): Generator<PairStatus> {
  for (const e of t.edges) yield pairOf(e, t.gaps.get(e.from)?.get(e.to));
}

/** The same pairs as one list (small meshes and tests). */
export function trustPairs(hosts: readonly HostPlan[], edges: readonly PlanEdge[]): PairStatus[] {
  return [...pairsOf(trustOf(hosts, { edges, pairCount: edges.length }))];
}

/** How many directed pairs the plan establishes, and how many work, by the state their matrix cell shows. */
export interface PairCounts {
  planned: number;
  complete: number;
  partial: number;
  none: number;
  undelegable: number;
}

/** The state cellOf gives a pair, without building the cell: what counts and per-host tallies use. */
export function pairStates(findings: readonly Finding[]): (p: PairStatus) => 'complete' | 'partial' | 'none' | 'undelegable' {
  return statesWith(undelegableTargets(findings));
}

function statesWith(noSpn: ReadonlySet<string>): (p: PairStatus) => 'complete' | 'partial' | 'none' | 'undelegable' {
  return (p) => (noSpn.size && p.services.some((s) => noSpn.has(`${p.to}\u0000${serviceKey(s)}`)) ? 'undelegable' : pairState(p));
}

/** The counts of `t`'s pairs: a pair with nothing missing towards a target that can be delegated to is complete without being made. */
export function pairCounts(t: Trust, findings: readonly Finding[]): PairCounts {
  const noSpn = undelegableTargets(findings);
  const state = statesWith(noSpn);
  const counts: PairCounts = { planned: 0, complete: 0, partial: 0, none: 0, undelegable: 0 };
  // nothing missing anywhere and every target delegable: every pair is complete, none need be looked at
  if (t.gaps.size === 0 && noSpn.size === 0) return { ...counts, planned: t.pairs, complete: t.pairs };
  for (const e of t.edges) {
    counts.planned++;
    const g = t.gaps.get(e.from)?.get(e.to);
    if (g === undefined && noSpn.size === 0) counts.complete++;
    else counts[state(pairOf(e, g))]++;
  }
  return counts;
}

/** Target and service of every target-spn-missing finding: pairs towards them cannot work. */
function undelegableTargets(findings: readonly Finding[]): Set<string> {
  return new Set(findings.filter((f) => f.kind === 'target-spn-missing').map((f) => `${f.host}\u0000${serviceKey(f.service ?? '')}`));
}

/** How far one service of one pair is configured; `undelegable` when the target cannot be delegated to at all. */
export type ServiceState = 'complete' | 'partial' | 'missing' | 'undelegable';

export interface ServiceCell {
  service: string;
  state: ServiceState;
  /** The name forms this service lacks (values the delegating host must add). */
  missing: NameForm[];
}

/** One cell of the trust matrix: computed here once, drawn by every format. */
export type CellState = 'self' | 'unplanned' | 'complete' | 'partial' | 'none' | 'undelegable';

export interface Cell {
  from: string;
  to: string;
  state: CellState;
  /** Per service of the policy (empty for self and unplanned). */
  services: ServiceCell[];
  /** Values present out of expected (0/0 for self and unplanned). */
  present: number;
  expected: number;
  /** The missing values, as they would be written. */
  gaps: PlannedValue[];
}

const FORMS: readonly NameForm[] = ['short', 'fqdn'];

export function pairState(p: PairStatus): 'complete' | 'partial' | 'none' {
  if (p.missing === 0) return 'complete';
  return p.missing >= p.expected ? 'none' : 'partial';
}

/**
 * The cell of a pair. A target that does not register a service the pair needs (no migration SPN, no
 * HOST for cifs) is marked undelegable whatever the delegating host holds: the entry cannot work.
 */
export function cellOf(from: string, to: string, p: PairStatus | undefined, services: readonly string[], undelegable: (target: string, service: string) => boolean): Cell {
  if (from === to) return { from, to, state: 'self', services: [], present: 0, expected: 0, gaps: [] };
  if (!p) return { from, to, state: 'unplanned', services: [], present: 0, expected: 0, gaps: [] };
  const cells = services.map((service): ServiceCell => {
    const missing = new Set(p.gaps.filter((g) => serviceKey(g.service) === serviceKey(service)).map((g) => g.nameForm));
    const forms = FORMS.filter((f) => missing.has(f));
    const wanted = p.services.some((s) => serviceKey(s) === serviceKey(service));
    const state: ServiceState = wanted && undelegable(to, service) ? 'undelegable' : forms.length === 0 ? 'complete' : forms.length >= 2 ? 'missing' : 'partial';
    return { service, state, missing: forms };
  });
  const state: CellState = cells.some((c) => c.state === 'undelegable') ? 'undelegable' : pairState(p);
  return { from, to, state, services: cells, present: p.expected - p.missing, expected: p.expected, gaps: p.gaps };
}

/** The matrix as rows of cells, in host order, with each row's count of pairs that do not work. */
export interface MatrixRow {
  host: string;
  broken: number;
  cells: Cell[];
}

export function matrixRows(names: readonly string[], pairs: Iterable<PairStatus>, services: readonly string[], findings: readonly Finding[]): MatrixRow[] {
  const byPair = new Map<string, PairStatus>();
  for (const p of pairs) byPair.set(`${p.from}\u0000${p.to}`, p);
  const noSpn = undelegableTargets(findings);
  const undelegable = (target: string, service: string): boolean => noSpn.has(`${target}\u0000${serviceKey(service)}`);
  return names.map((from) => {
    const cells = names.map((to) => cellOf(from, to, byPair.get(`${from}\u0000${to}`), services, undelegable));
    return { host: from, broken: cells.filter((c) => c.state !== 'complete' && c.state !== 'self' && c.state !== 'unplanned').length, cells };
  });
}
