import { MODE_LABEL } from '../core/mode.js';
import type { CurrentMode } from '../core/types.js';
import { UAC, hasFlag } from '../core/uac.js';

/** A userAccountControl flag as ADUC words it; `bad` when it is a problem on a Hyper-V host. */
export interface FlagWords {
  label: string;
  bad: boolean;
}

/** The Delegation tab (and the Account tab) in ADUC's words, never as raw hex. */
export const MODE_WORDS: Record<CurrentMode, string> = {
  unconstrained: 'Trust this computer for delegation to any service (Kerberos only)',
  'kerberos-only': `Trust this computer for delegation to specified services only — ${MODE_LABEL['kerberos-only']}`,
  'any-protocol': `Trust this computer for delegation to specified services only — ${MODE_LABEL['any-protocol']}`,
  none: 'Do not trust this computer for delegation',
};

export function flagWords(uac: number, values: number): FlagWords[] {
  const out: FlagWords[] = [];
  if (hasFlag(uac, UAC.ACCOUNTDISABLE)) out.push({ label: 'account disabled', bad: true });
  if (hasFlag(uac, UAC.TRUSTED_FOR_DELEGATION)) out.push({ label: MODE_WORDS.unconstrained, bad: true });
  else if (hasFlag(uac, UAC.TRUSTED_TO_AUTH_FOR_DELEGATION)) out.push({ label: MODE_WORDS['any-protocol'], bad: false });
  else if (values > 0) out.push({ label: MODE_WORDS['kerberos-only'], bad: false });
  if (hasFlag(uac, UAC.NOT_DELEGATED)) out.push({ label: 'Account is sensitive and cannot be delegated', bad: false });
  return out;
}
