import type { Scope } from '../../src/core/report.js';

/** The scope every report-format test renders with: fixed, so the output is exact. */
export const SCOPE: Scope = {
  dc: { url: 'ldaps://dc1.lab.test', dnsHostName: 'dc1.lab.test' },
  baseDn: 'DC=lab,DC=test',
  bindIdentity: 'admin@lab.test',
  time: '2026-11-21T10:15:00.000Z',
  kcdmeshVersion: '0.1.0',
};

export const lines = (...ls: string[]): string => `${ls.join('\n')}\n`;
