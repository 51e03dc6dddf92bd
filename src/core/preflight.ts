import type { Finding, HostRecord, Mode } from './types.js';

/** Windows Server releases by build number (operatingSystemVersion "10.0 (20348)"): the part AD states reliably. */
const RELEASES: Array<[number, string]> = [
  [26100, 'Windows Server 2025'],
  [20348, 'Windows Server 2022'],
  [17763, 'Windows Server 2019'],
  [14393, 'Windows Server 2016'],
];

export interface HostOs {
  /** "Windows Server 2022", or the operatingSystem text as read when the build is not known, or null. */
  release: string | null;
  build: number | null;
  operatingSystem: string | null;
  operatingSystemVersion: string | null;
}

export function hostOs(h: HostRecord): HostOs {
  const operatingSystem = h.operatingSystem?.trim() || null;
  const operatingSystemVersion = h.operatingSystemVersion?.trim() || null;
  const m = /\((\d+)\)/.exec(operatingSystemVersion ?? '');
  const build = m ? Number(m[1]) : null;
  const byBuild = build === null ? undefined : RELEASES.find(([b]) => build >= b)?.[1];
  const byName = /Windows Server (\d{4}( R2)?)/i.exec(operatingSystem ?? '');
  return { release: byBuild ?? (byName ? `Windows Server ${byName[1]}` : operatingSystem), build, operatingSystem, operatingSystemVersion };
}

const at2016 = (os: HostOs): boolean => (os.build ?? 0) >= 14393 || /Windows Server 20(1[6-9]|2\d)/i.test(os.release ?? '');
const at2025 = (os: HostOs): boolean => (os.build ?? 0) >= 26100 || /Windows Server 2025/i.test(os.release ?? '');

export interface PreflightInput {
  hosts: readonly HostRecord[];
  /** Each host's mode: the one verify enforces, or the one it is in. */
  modeOf: (h: HostRecord) => Mode;
  /** Hosts whose delegation is incomplete (as source or target). */
  incomplete: ReadonlySet<string>;
}

/**
 * What the hosts' Windows versions say about their moves, one finding per fact (never one per host):
 * kerberos-only on 2016+ works only for moves started on the source host; on 2025 CredSSP is blocked by
 * Credential Guard, so hosts without complete delegation cannot move at all; mixed versions limit moves.
 */
export function preflightFindings({ hosts, modeOf, incomplete }: PreflightInput): Finding[] {
  const out: Finding[] = [];
  const os = new Map(hosts.map((h) => [h.name, hostOs(h)]));
  const remote = hosts.filter((h) => modeOf(h) === 'kerberos-only' && at2016(os.get(h.name)!)).map((h) => h.name);
  if (remote.length) out.push({ kind: 'os-remote-moves', severity: 'warning', host: remote[0], hosts: remote, count: remote.length });
  const blocked = hosts.filter((h) => at2025(os.get(h.name)!) && incomplete.has(h.name)).map((h) => h.name);
  if (blocked.length) out.push({ kind: 'credssp-blocked', severity: 'warning', host: blocked[0], hosts: blocked, count: blocked.length });
  const byRelease = new Map<string, string[]>();
  for (const h of hosts) {
    const r = os.get(h.name)!.release;
    if (r) byRelease.set(r, [...(byRelease.get(r) ?? []), h.name]);
  }
  if (byRelease.size > 1) {
    const versions = [...byRelease].map(([o, names]) => ({ os: o, hosts: names })).sort((a, b) => a.os.localeCompare(b.os));
    out.push({ kind: 'os-mixed', severity: 'warning', host: versions[0].hosts[0], versions, count: byRelease.size });
  }
  return out;
}
