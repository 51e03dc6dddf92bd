import { DirectoryRefusal, NotSentError } from '../errors.js';
import type { UacChange } from './types.js';
import { dnKey, spnKey } from './keys.js';

/**
 * The write-ahead record of one run, pure part: what each line says and how a record is read back.
 *
 * One JSON object per line, appended and flushed in this order: a header; per host, its intent
 * before the modify is sent; then its outcome once known. A modify whose answer never came (a
 * timeout, a dropped connection) has outcome "unknown" until a later read of the host settles it.
 * A host with an intent and no outcome line (the process was killed) counts as unknown too.
 */
export const INTENT_KIND = 'kcdmesh-intent';
export const INTENT_FORMAT = 1;

export type Outcome = 'written' | 'not-written' | 'unknown';

export interface IntentHeader {
  type: 'run';
  kind: typeof INTENT_KIND;
  formatVersion: typeof INTENT_FORMAT;
  backup: string;
  command: string;
  dc: string;
  baseDn: string;
  createdAt: string;
}

export interface HostIntent {
  dn: string;
  host: string;
  add: string[];
  remove: string[];
  uac: UacChange | null;
}

export interface IntentLine extends HostIntent {
  type: 'intent';
  time: string;
}

export interface OutcomeLine {
  type: 'outcome';
  dn: string;
  outcome: Outcome;
  /** How the outcome was learned: the DC's answer, none (unknown), not sent at all, or reading the host again later. */
  how: 'answer' | 're-read' | 'no-answer' | 'not-sent';
  time: string;
  error?: string;
}

export type RecordLine = IntentHeader | IntentLine | OutcomeLine;

export function formatLine(line: RecordLine): string {
  return `${JSON.stringify(line)}\n`;
}

export interface HostState {
  intent: HostIntent;
  /** The last outcome recorded; "unknown" when none was (the run ended before its answer). */
  outcome: Outcome;
}

export interface IntentState {
  header: IntentHeader;
  hosts: HostState[];
  /** Lines that could not be used, in words; a torn last line after a crash is one of them. */
  problems: string[];
}

const isStrings = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string');
const isUac = (v: unknown): v is UacChange | null =>
  v === null || (typeof v === 'object' && Number.isInteger((v as UacChange).from) && Number.isInteger((v as UacChange).to));

function validIntent(o: Record<string, unknown>): o is Record<string, unknown> & IntentLine {
  return typeof o.dn === 'string' && o.dn !== '' && typeof o.host === 'string' && isStrings(o.add) && isStrings(o.remove) && isUac(o.uac);
}

/** Read a record back; null when it has no valid header (then it tells nothing about the run). */
export function parseIntentRecord(text: string): IntentState | null {
  const lines = text.split('\n').filter((l) => l !== '');
  const problems: string[] = [];
  const parsed: Array<Record<string, unknown>> = [];
  lines.forEach((l, i) => {
    try {
      const o = JSON.parse(l) as unknown;
      if (o && typeof o === 'object' && !Array.isArray(o)) parsed.push(o as Record<string, unknown>);
      else problems.push(`line ${i + 1}: not an object`);
    } catch {
      problems.push(`line ${i + 1}: ${i === lines.length - 1 ? 'cut short (the run ended while writing it)' : 'not JSON'}`);
    }
  });
  const head = parsed[0];
  if (!head || head.type !== 'run' || head.kind !== INTENT_KIND || head.formatVersion !== INTENT_FORMAT || typeof head.backup !== 'string' || typeof head.baseDn !== 'string') return null;
  const byDn = new Map<string, HostState>();
  for (const o of parsed.slice(1)) {
    const dn = typeof o.dn === 'string' ? dnKey(o.dn) : '';
    if (o.type === 'intent' && validIntent(o)) {
      if (byDn.has(dn)) problems.push(`${o.dn}: intent recorded twice`);
      byDn.set(dn, { intent: { dn: o.dn, host: o.host, add: o.add, remove: o.remove, uac: o.uac }, outcome: 'unknown' });
    } else if (o.type === 'outcome' && (o.outcome === 'written' || o.outcome === 'not-written' || o.outcome === 'unknown')) {
      const h = byDn.get(dn);
      if (h) h.outcome = o.outcome;
      else problems.push(`${String(o.dn)}: an outcome without an intent`);
    } else {
      problems.push(`an unusable line of type ${JSON.stringify(o.type)}`);
    }
  }
  return { header: head as unknown as IntentHeader, hosts: [...byDn.values()], problems };
}

/** The hosts rollback must consider: every one whose outcome is not known to be "not written". */
export function hostsToConsider(state: IntentState): HostIntent[] {
  return state.hosts.filter((h) => h.outcome !== 'not-written').map((h) => h.intent);
}

/**
 * Settle an unknown outcome by reading the host again. Modifies are atomic, so the host holds
 * either all of the intent or none of it; anything else (another writer in between) stays unknown.
 */
export function settleByReading(intent: HostIntent, now: { delegateTo: readonly string[]; userAccountControl: number }): Outcome {
  const has = new Set(now.delegateTo.map(spnKey));
  const added = intent.add.map((v) => has.has(spnKey(v)));
  const removedGone = intent.remove.map((v) => !has.has(spnKey(v)));
  const uacDone = intent.uac ? now.userAccountControl === intent.uac.to : null;
  const uacUndone = intent.uac ? now.userAccountControl === intent.uac.from : null;
  const all = [...added, ...removedGone, ...(uacDone === null ? [] : [uacDone])];
  const none = [...added.map((x) => !x), ...removedGone.map((x) => !x), ...(uacUndone === null ? [] : [uacUndone])];
  if (all.length && all.every(Boolean)) return 'written';
  if (none.length && none.every(Boolean)) return 'not-written';
  return 'unknown';
}

/**
 * What a failed modify tells: an LDAP result (a DirectoryRefusal, or a raw numeric code) means the
 * DC answered and refused, and a request never sent wrote nothing; anything else (timeout, reset,
 * closed socket) leaves the outcome unknown.
 */
export function outcomeOfFailure(err: unknown): Outcome {
  if (err instanceof DirectoryRefusal || err instanceof NotSentError) return 'not-written';
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'number' ? 'not-written' : 'unknown';
}
