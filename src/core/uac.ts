import type { Mode } from './types.js';

/** userAccountControl bits kcdmesh reads or writes (MS-ADTS 2.2.16). */
export const UAC = {
  ACCOUNTDISABLE: 0x2,
  WORKSTATION_TRUST_ACCOUNT: 0x1000,
  SERVER_TRUST_ACCOUNT: 0x2000,
  TRUSTED_FOR_DELEGATION: 0x80000,
  NOT_DELEGATED: 0x100000,
  TRUSTED_TO_AUTH_FOR_DELEGATION: 0x1000000,
  PARTIAL_SECRETS_ACCOUNT: 0x4000000,
} as const;

export function hasFlag(uac: number, flag: number): boolean {
  return (uac & flag) !== 0;
}

/** Domain controllers (writable or read-only) are never part of a mesh. */
export function isDomainController(uac: number): boolean {
  return hasFlag(uac, UAC.SERVER_TRUST_ACCOUNT) || hasFlag(uac, UAC.PARTIAL_SECRETS_ACCOUNT);
}

/**
 * The UAC a mesh host should have: unconstrained delegation cleared (as ADUC does when
 * "specified services only" is chosen) and protocol transition set exactly for any-protocol.
 */
export function desiredUac(uac: number, mode: Mode): number {
  let next = uac & ~UAC.TRUSTED_FOR_DELEGATION;
  next = mode === 'any-protocol'
    ? next | UAC.TRUSTED_TO_AUTH_FOR_DELEGATION
    : next & ~UAC.TRUSTED_TO_AUTH_FOR_DELEGATION;
  return next >>> 0;
}

/** The delegation mode a host is in now, as ADUC's Delegation tab would show it. */
export function currentMode(uac: number, valueCount: number): 'unconstrained' | Mode | 'none' {
  if (hasFlag(uac, UAC.TRUSTED_FOR_DELEGATION)) return 'unconstrained';
  if (hasFlag(uac, UAC.TRUSTED_TO_AUTH_FOR_DELEGATION)) return 'any-protocol';
  return valueCount > 0 ? 'kerberos-only' : 'none';
}

export function formatUac(uac: number): string {
  return `0x${uac.toString(16)}`;
}
