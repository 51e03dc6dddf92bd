/** A computer object as kcdmesh sees it: read from the directory, normalised at the edge. */
export interface HostRecord {
  dn: string;
  /** NetBIOS name: sAMAccountName without the trailing `$`, as stored. */
  name: string;
  /** The host's own dNSHostName, or null when the attribute is empty. */
  fqdn: string | null;
  userAccountControl: number;
  /** msDS-AllowedToDelegateTo, stored spellings, in directory order. */
  delegateTo: string[];
  servicePrincipalNames: string[];
}

export type Mode = 'kerberos-only' | 'any-protocol';

export interface Policy {
  services: string[];
  mode: Mode;
  /** Refuse a plan that would leave a host with more delegation values than this. */
  maxValues: number;
}

/** Classes an SPN service may be served by, from the forest's sPNMappings (e.g. cifs -> host). */
export type SpnMappings = ReadonlyMap<string, string[]>;

export type Severity = 'error' | 'warning';

export type FindingKind =
  | 'missing-delegation'
  | 'target-spn-missing'
  | 'mode-mismatch'
  | 'unconstrained-delegation'
  | 'account-disabled'
  | 'value-budget'
  | 'not-replicated'
  | 'dc-unreachable'
  | 'unwanted-delegation';

/** One thing verify (or plan, as a warning) has to say about the mesh. */
export interface Finding {
  kind: FindingKind;
  severity: Severity;
  /** The delegating host (or, for target-spn-missing, the target itself). */
  host: string;
  peer?: string;
  service?: string;
  /** The SPN value or the SPN form concerned. */
  value?: string;
  message: string;
}

export interface UacChange {
  from: number;
  to: number;
}

/** What apply must do to one host. Spellings: `add` as kcdmesh writes them, `remove` as stored. */
export interface HostPlan {
  host: string;
  dn: string;
  current: string[];
  add: string[];
  remove: string[];
  uac: UacChange | null;
}

/** The plan is plain data: renderers, apply and verify all consume this one value. */
export interface Plan {
  mode: Mode;
  services: string[];
  hosts: HostPlan[];
  /** Who must be able to delegate to whom, by NetBIOS name: the trust the plan establishes. */
  edges: PlanEdge[];
  warnings: Finding[];
}

export interface PlanEdge {
  from: string;
  to: string;
  services: string[];
}
