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
  /** operatingSystem and operatingSystemVersion as the host wrote them (absent when not read). */
  operatingSystem?: string | null;
  operatingSystemVersion?: string | null;
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

/** Worst first: the order every format lists findings in. */
export type Severity = 'critical' | 'error' | 'warning';

/** A peer is named two ways in msDS-AllowedToDelegateTo: its NetBIOS name and its dNSHostName. */
export type NameForm = 'short' | 'fqdn';

/** A service in one name form: what a host can lack towards all of its peers at once. */
export interface ServiceForm {
  service: string;
  nameForm: NameForm;
}

/** One value of msDS-AllowedToDelegateTo as planned: which peer, which service, which name form, how it is spelt. */
export interface PlannedValue {
  peer: string;
  service: string;
  nameForm: NameForm;
  /** The stored spelling when the value exists, else the spelling kcdmesh writes. */
  spn: string;
}

export type FindingKind =
  | 'unconstrained-delegation'
  | 'delegates-to-dc'
  | 'missing-delegation'
  | 'delegates-to-none'
  | 'missing-for-every-peer'
  | 'target-spn-missing'
  | 'mode-mismatch'
  | 'account-disabled'
  | 'operator-not-delegable'
  | 'operator-not-found'
  | 'value-budget'
  | 'not-replicated'
  | 'unwanted-delegation'
  | 'padded-value'
  | 'dc-unreachable'
  | 'os-mixed'
  | 'os-remote-moves'
  | 'credssp-blocked';

/** The mode a host is in, as read (ADUC's Delegation tab). */
export type CurrentMode = 'unconstrained' | Mode | 'none';

/**
 * One thing verify (or plan, as a warning) has to say: data only. The words are in render/sentences.ts,
 * shared by every format.
 */
export interface Finding {
  kind: FindingKind;
  severity: Severity;
  /** The delegating host (the target for target-spn-missing; the account for operator findings). */
  host: string;
  peer?: string;
  service?: string;
  /** The values a pair lacks (missing-delegation), or the SPNs a target does not register (target-spn-missing). */
  missing?: PlannedValue[];
  /** One stored value concerned (unwanted-delegation, delegates-to-dc, not-replicated). */
  value?: string;
  /** missing-for-every-peer: the services and name forms a host lacks towards every peer that needs them. */
  forms?: ServiceForm[];
  /** delegates-to-none, missing-for-every-peer: how many peers; value-budget: how many values; os-mixed: how many hosts. */
  count?: number;
  limit?: number;
  /** mode-mismatch: the mode the host is in and the one wanted; `against` says who wants it. */
  mode?: CurrentMode;
  wanted?: Mode;
  against?: 'policy' | 'mesh';
  /** Operating systems (os-*), as read. */
  os?: string;
  /** The hosts a mesh-wide finding names (os-remote-moves, credssp-blocked). */
  hosts?: string[];
  versions?: Array<{ os: string; hosts: string[] }>;
  /** operator-not-delegable: why; the group chain to Protected Users when it is through groups. */
  reason?: 'sensitive' | 'protected-users';
  via?: string[];
  /** not-replicated: the DCs that hold it and those that do not yet. */
  on?: string[];
  missingOn?: string[];
  /** dc-unreachable: why the DC could not be read (the error, as reported). */
  detail?: string;
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
  /** The same values as `add`, with their structure (peer, service, name form). */
  planned: PlannedValue[];
  remove: string[];
  /** Values it holds that the plan neither wants nor removes: not kcdmesh's, left alone (stored spellings). */
  unmanaged: string[];
  uac: UacChange | null;
}

/** The plan is plain data: renderers, apply and verify all consume this one value. */
export interface Plan {
  mode: Mode;
  services: string[];
  hosts: HostPlan[];
  /** Who must be able to delegate to whom, by NetBIOS name: the trust the plan establishes. */
  readonly edges: PlanEdge[];
  /** edges.length, known without making a mesh's edges. */
  pairCount: number;
  warnings: Finding[];
}

export interface PlanEdge {
  from: string;
  to: string;
  services: readonly string[];
}
