/**
 * One modify kcdmesh sent, as a line of the change log: for auditors to pair with the DC's own 5136
 * events, and for rollback to cross-check with the backup and the write-ahead record.
 */
export interface ChangeRecord {
  time: string;
  command: string;
  bindIdentity: string;
  /** The URL written to, and that DC's own name (its rootDSE dnsHostName). */
  dc: string;
  dcHost: string;
  host: string;
  dn: string;
  added: readonly string[];
  removed: readonly string[];
  uacBefore: number | null;
  uacAfter: number | null;
  result: 'ok' | 'failed' | 'unknown';
  error?: string;
  backup: string;
}
