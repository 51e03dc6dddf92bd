import { formatUac } from './uac.js';

/** Every userAccountControl bit by its name (MS-ADTS 2.2.16), so a plan never hides a bit behind hex. */
const NAMES: ReadonlyArray<[number, string]> = [
  [0x1, 'SCRIPT'], [0x2, 'ACCOUNTDISABLE'], [0x8, 'HOMEDIR_REQUIRED'], [0x10, 'LOCKOUT'],
  [0x20, 'PASSWD_NOTREQD'], [0x40, 'PASSWD_CANT_CHANGE'], [0x80, 'ENCRYPTED_TEXT_PWD_ALLOWED'],
  [0x100, 'TEMP_DUPLICATE_ACCOUNT'], [0x200, 'NORMAL_ACCOUNT'], [0x800, 'INTERDOMAIN_TRUST_ACCOUNT'],
  [0x1000, 'WORKSTATION_TRUST_ACCOUNT'], [0x2000, 'SERVER_TRUST_ACCOUNT'], [0x10000, 'DONT_EXPIRE_PASSWORD'],
  [0x20000, 'MNS_LOGON_ACCOUNT'], [0x40000, 'SMARTCARD_REQUIRED'], [0x80000, 'TRUSTED_FOR_DELEGATION (unconstrained)'],
  [0x100000, 'NOT_DELEGATED'], [0x200000, 'USE_DES_KEY_ONLY'], [0x400000, 'DONT_REQ_PREAUTH'],
  [0x800000, 'PASSWORD_EXPIRED'], [0x1000000, 'TRUSTED_TO_AUTH_FOR_DELEGATION (protocol transition)'],
  [0x4000000, 'PARTIAL_SECRETS_ACCOUNT'],
];

export function uacBitName(bit: number): string {
  return NAMES.find(([b]) => b === bit)?.[1] ?? `bit ${formatUac(bit)}`;
}

/** "set TRUSTED_TO_AUTH_FOR_DELEGATION (protocol transition); clear ACCOUNTDISABLE": every changed bit. */
export function describeUacChange(from: number, to: number): string {
  const parts: string[] = [];
  for (let i = 0; i < 32; i++) {
    const bit = (1 << i) >>> 0;
    if (((from ^ to) & bit) === 0) continue;
    parts.push(`${to & bit ? 'set' : 'clear'} ${uacBitName(bit)}`);
  }
  return parts.join('; ') || 'no change';
}
