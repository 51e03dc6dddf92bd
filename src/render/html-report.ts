import { readFileSync } from 'node:fs';
import Handlebars from 'handlebars';
import { pairState, serviceCells, type NameForm, type PairStatus, type ServiceCell } from '../core/matrix.js';
import { MODE_LABEL, MODE_TRADE_OFF } from '../core/mode.js';
import type { HostStatus, Report } from '../core/report.js';
import { formatUac } from '../core/uac.js';
import { groupFindings } from './finding-groups.js';
import { fixFor } from './fixes.js';
import { verifySummary } from './verify-text.js';

/** Shipped next to dist/ (package.json "files"); the same relative path from src/ and from dist/. */
const TEMPLATE = new URL('../../templates/report.html.hbs', import.meta.url);

let compiled: Handlebars.TemplateDelegate | null = null;

/**
 * The template is part of the program, like a module: read and compiled once. An isolated Handlebars
 * environment (no global helpers or partials); strict, so a misspelt field fails instead of vanishing.
 */
function template(): Handlebars.TemplateDelegate {
  compiled ??= Handlebars.create().compile(readFileSync(TEMPLATE, 'utf8'), { strict: true });
  return compiled;
}

const MARK: Record<ServiceCell['state'], string> = { complete: '●', partial: '◐', missing: '○' };
const FORM_WORDS: Record<NameForm, string> = { short: 'short name', fqdn: 'FQDN' };

function cellTitle(p: PairStatus, cells: readonly ServiceCell[]): string {
  const parts = cells.map((c) => {
    if (c.state === 'complete') return `${c.service}: both name forms`;
    const values = p.gaps.filter((g) => g.service === c.service).map((g) => g.value);
    return `${c.service}: missing ${c.missing.map((f) => FORM_WORDS[f]).join(' and ')} (${values.join(', ')})`;
  });
  return `${p.from} delegates to ${p.to}: ${parts.join('; ')}`;
}

type Cell = { self: true; title: string } | { self: false; to: string; state: string; marks: string; title: string };

function cell(from: string, to: string, p: PairStatus | undefined, services: readonly string[]): Cell {
  if (from === to) return { self: true, title: `${from} itself` };
  // A topology may leave a pair out on purpose (storage, separate groups): nothing is expected there.
  if (!p) return { self: false, to, state: 'unplanned', marks: '', title: `${from} is not meant to delegate to ${to}` };
  const cells = serviceCells(p, services);
  return { self: false, to, state: pairState(p), marks: cells.map((c) => MARK[c.state]).join(''), title: cellTitle(p, cells) };
}

const peers = (n: number): string => `${n} peer${n === 1 ? '' : 's'}`;

/** Rows, each with its count of incomplete pairs: a gap among 100 x 100 cells is found at the row's head, where the fix is made. */
function matrix(report: Report) {
  const { verdict } = report;
  const pairs = new Map(verdict.pairs.map((p) => [`${p.from}\u0000${p.to}`, p]));
  const incomplete = new Map<string, number>(); // per row, counted once: not N pair scans of N^2 pairs
  for (const p of verdict.pairs) if (pairState(p) !== 'complete') incomplete.set(p.from, (incomplete.get(p.from) ?? 0) + 1);
  const rows = verdict.hosts.map(({ name: from }) => {
    const gaps = incomplete.get(from) ?? 0;
    return {
      name: from,
      gaps,
      gapTitle: gaps ? `${from} cannot fully delegate to ${peers(gaps)}` : `${from} delegates to every peer`,
      cells: verdict.hosts.map(({ name: to }) => cell(from, to, pairs.get(`${from}\u0000${to}`), verdict.services)),
    };
  });
  return { rows, columns: verdict.hosts.map((h) => h.name) };
}

function hostRow(h: HostStatus, report: Report) {
  const flagged = report.verdict.findings.some((f) => f.host === h.name && (f.kind === 'mode-mismatch' || f.kind === 'unconstrained-delegation'));
  const flags = [
    h.flags.disabled && { label: 'account disabled', bad: true },
    h.flags.unconstrained && { label: 'unconstrained delegation (0x80000)', bad: true },
    h.flags.protocolTransition && { label: 'protocol transition (0x1000000)', bad: false },
    h.flags.sensitive && { label: 'sensitive, cannot be delegated (0x100000)', bad: false },
  ].filter((f): f is { label: string; bad: boolean } => f !== false);
  return { name: h.name, fqdn: h.fqdn ?? '—', dn: h.dn, mode: h.mode, modeAttention: flagged, values: h.values, uac: formatUac(h.userAccountControl), flags, findings: h.findings };
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** "2 errors, 1 warning", leaving out the zeros; "none" for none. */
function countText(parts: Array<[number, string]>): string {
  const shown = parts.filter(([k]) => k > 0).map(([k, w]) => plural(k, w));
  return shown.length ? shown.join(', ') : 'none';
}

/** Everything the template shows, already in words: the template only places and escapes it. */
export function reportView(report: Report) {
  const { verdict: v, scope } = report;
  const groups = groupFindings(v.findings);
  const states = v.pairs.map(pairState);
  return {
    title: `kcdmesh report: ${v.hosts.length} hosts, ${v.ok ? 'verified' : `${v.findings.length} findings`} (${scope.time})`,
    summary: verifySummary(v),
    ok: v.ok,
    mode: v.mode,
    modeLabel: MODE_LABEL[v.mode],
    tradeOff: MODE_TRADE_OFF,
    scope: { dcUrl: scope.dc.url, dcHost: scope.dc.dnsHostName, baseDn: scope.baseDn, bindIdentity: scope.bindIdentity, time: scope.time, version: scope.kcdmeshVersion },
    services: v.services.map((name) => ({ name })),
    counts: {
      hosts: v.hosts.length,
      pairs: v.pairs.length,
      complete: states.filter((s) => s === 'complete').length,
      partial: states.filter((s) => s === 'partial').length,
      none: states.filter((s) => s === 'none').length,
      findingsText: countText([
        [v.findings.filter((f) => f.severity === 'error').length, 'error'],
        [v.findings.filter((f) => f.severity === 'warning').length, 'warning'],
      ]),
    },
    ...matrix(report),
    findings: groups.map((g) => ({ severity: g.severity, kind: g.kind, host: g.host, text: g.message, fix: fixFor(g, v.mode) })),
    hosts: report.hosts.map((h) => hostRow(h, report)),
  };
}

/** The self-contained HTML audit report: one file, inline CSS, no script, no secret. */
export function renderHtmlReport(report: Report): string {
  return template()(reportView(report));
}
