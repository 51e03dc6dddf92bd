import type { ChangeRecord } from './change-record.js';
import { escapeForDisplay } from './escape.js';
import { spnKey } from './keys.js';
import type { HostPlan } from './types.js';
import type { IntentState } from './intent-record.js';
import { dnKey, sameDn } from './keys.js';

/**
 * Three records of one run, written at different moments: the backup (before any modify), the
 * write-ahead record (before each host's modify) and the change log (after each). A forger must
 * change all three alike; a careless edit or a mix-up of files shows as a disagreement here.
 * Pure: parsed records in, disagreements in words out.
 */
/** What the cross-check reads of a change-log line. */
export type LoggedChange = Pick<ChangeRecord, 'dn' | 'added' | 'removed' | 'uacBefore' | 'uacAfter' | 'result' | 'backup'>;

const sameValues = (a: readonly string[], b: readonly string[]): boolean => {
  const x = [...new Set(a.map(spnKey))].sort();
  const y = [...new Set(b.map(spnKey))].sort();
  return x.length === y.length && x.every((v, i) => v === y[i]);
};

export interface BackupView {
  /** The backup file's base name, as the other records name it. */
  name: string;
  baseDn: string;
  hosts: readonly HostPlan[];
}

export function crossCheck(backup: BackupView, intent: IntentState | null, log: readonly LoggedChange[]): string[] {
  const problems: string[] = [];
  const plan = new Map(backup.hosts.map((h) => [dnKey(h), h]));
  const differs = (dn: string, add: readonly string[], remove: readonly string[], from: number | null, to: number | null, where: string): void => {
    const h = plan.get(dnKey(dn));
    const who = escapeForDisplay(h?.host ?? dn);
    if (!h) { problems.push(`${where} names ${who}, which the backup's plan does not change`); return; }
    if (!sameValues(h.add, add) || !sameValues(h.remove, remove) || (h.uac?.from ?? null) !== from || (h.uac?.to ?? null) !== to) {
      problems.push(`${where} and the backup disagree about ${who}`);
    }
  };
  if (intent) {
    if (intent.header.backup !== backup.name) problems.push(`the write-ahead record belongs to ${escapeForDisplay(intent.header.backup)}, not ${escapeForDisplay(backup.name)}`);
    if (!sameDn(intent.header.baseDn, backup.baseDn)) problems.push('the write-ahead record and the backup name different domains');
    for (const h of intent.hosts) differs(h.intent.dn, h.intent.add, h.intent.remove, h.intent.uac?.from ?? null, h.intent.uac?.to ?? null, 'the write-ahead record');
  }
  const mine = log.filter((r) => r.backup === backup.name);
  for (const r of mine) {
    differs(r.dn, r.added, r.removed, r.uacBefore, r.uacAfter, 'the change log');
    const i = intent?.hosts.find((h) => sameDn(h.intent.dn, r.dn));
    // A host never sent (interrupted, or no room for its intent) is logged as failed with no intent: that is how it should be.
    if (intent && !i && r.result !== 'failed') problems.push(`the change log records a modify of ${escapeForDisplay(r.dn)} with no intent before it`);
    if (i && r.result === 'ok' && i.outcome === 'not-written') problems.push(`${escapeForDisplay(i.intent.host)}: the change log says written, the write-ahead record says not written`);
  }
  return problems;
}
