import type { Mode } from './types.js';

export const MODES: readonly Mode[] = ['kerberos-only', 'any-protocol'];

/** What ADUC calls each mode, and the one-line trade-off shown with every plan and verify. */
export const MODE_LABEL: Record<Mode, string> = {
  'kerberos-only': 'Use Kerberos only',
  'any-protocol': 'Use any authentication protocol',
};

export const MODE_TRADE_OFF =
  'remote moves started from another machine on Windows Server 2016+ need any-protocol; it is also the more powerful grant (a host can obtain tickets to its peers for any user).';
