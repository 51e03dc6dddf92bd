import type { Finding, HostRecord, Mode } from './types.js';
import { UAC, hasFlag } from './uac.js';

/** The constrained mode a host's flags select (what ADUC shows once values are listed). */
export function constrainedMode(h: HostRecord): Mode {
  return hasFlag(h.userAccountControl, UAC.TRUSTED_TO_AUTH_FOR_DELEGATION) ? 'any-protocol' : 'kerberos-only';
}

/**
 * Without a mode from --mode or the config, verify does not impose one: it finds the hosts that
 * disagree with the rest of the mesh. Hosts that delegate nothing yet have no mode to compare. The
 * mode most hosts use is the mesh's; on a tie, kerberos-only (apply's default) is.
 */
export function meshModeFindings(hosts: readonly HostRecord[]): Finding[] {
  const configured = hosts.filter((h) => h.delegateTo.length > 0 || hasFlag(h.userAccountControl, UAC.TRUSTED_TO_AUTH_FOR_DELEGATION));
  const any = configured.filter((h) => constrainedMode(h) === 'any-protocol').length;
  const kerb = configured.length - any;
  if (any === 0 || kerb === 0) return [];
  const wanted: Mode = any > kerb ? 'any-protocol' : 'kerberos-only';
  return configured
    .filter((h) => constrainedMode(h) !== wanted)
    .map((h): Finding => ({ kind: 'mode-mismatch', severity: 'error', host: h.name, mode: constrainedMode(h), wanted, against: 'mesh', count: wanted === 'any-protocol' ? any : kerb }));
}

/** The mode a mesh is in when nobody said which: the one most configured hosts use (kerberos-only on a tie or none). */
export function meshMode(hosts: readonly HostRecord[]): Mode {
  const configured = hosts.filter((h) => h.delegateTo.length > 0 || hasFlag(h.userAccountControl, UAC.TRUSTED_TO_AUTH_FOR_DELEGATION));
  const any = configured.filter((h) => constrainedMode(h) === 'any-protocol').length;
  return any > configured.length - any ? 'any-protocol' : 'kerberos-only';
}
