import { readFileSync } from 'node:fs';
import { serviceKey } from '../core/keys.js';
import Handlebars from 'handlebars';
import { matrixRows, pairStates, pairsOf, type Cell, type ServiceState } from '../core/matrix.js';
import { MODE_LABEL, MODE_TRADE_OFF } from '../core/mode.js';
import type { HostStatus, Report } from '../core/report.js';
import type { VerdictHost } from '../core/verdict.js';
import { MODE_WORDS, flagWords } from './aduc.js';
import { FORM_WORDS, cannotDelegate, countText, findingSentence, fixFor, verifySummary } from './sentences.js';
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

const MARK: Record<ServiceState, string> = { complete: '●', partial: '◐', missing: '○', undelegable: '⊘' };

function cellTitle(c: Cell): string {
  if (c.state === 'self') return `${c.from} itself`;
  // A topology may leave a pair out on purpose (storage, separate groups): nothing is expected there.
  if (c.state === 'unplanned') return `${c.from} is not meant to delegate to ${c.to}`;
  const parts = c.services.map((s) => {
    if (s.state === 'undelegable') return `${s.service}: ${c.to} cannot be delegated to (it does not register the SPN)`;
    if (s.state === 'complete') return `${s.service}: both name forms`;
    const values = c.gaps.filter((g) => serviceKey(g.service) === serviceKey(s.service)).map((g) => g.spn);
    return `${s.service}: missing ${s.missing.map((f) => FORM_WORDS[f]).join(' and ')} (${values.join(', ')})`;
  });
  const head = c.state === 'complete' ? `${c.from} delegates to ${c.to}` : cannotDelegate(c.from, c.to);
  return `${head}: ${parts.join('; ')}`;
}

const peers = (n: number): string => `${n} peer${n === 1 ? '' : 's'}`;

/** Up to this many hosts the report draws the matrix (150 x 150 cells, a few MB); beyond, the rows that do not work are listed. */
export const REPORT_MATRIX_MAX = 150;

/** Rows of the shared cell model, each with its count of pairs that do not work: a gap among 100 x 100 cells is found at the row's head. */
function matrix(report: Report) {
  const { verdict: v } = report;
  const rows = matrixRows(v.hosts.map((h) => h.name), pairsOf(v.trust), v.services, v.findings).map((r) => ({
    name: r.host,
    gaps: r.broken,
    gapTitle: r.broken ? `${r.host} cannot fully delegate to ${peers(r.broken)}` : `${r.host} delegates to every peer`,
    cells: r.cells.map((c) => (c.state === 'self'
      ? { self: true, title: cellTitle(c) }
      : { self: false, to: c.to, state: c.state, marks: c.services.map((s) => MARK[s.state]).join(''), title: cellTitle(c) })),
  }));
  return { rows, columns: v.hosts.map((h) => h.name) };
}

/** Above the matrix's size: each host whose pairs do not all work, with how many, in host order (no cell per pair). */
function brokenRows(report: Report) {
  const { verdict: v } = report;
  const state = pairStates(v.findings);
  const broken = new Map<string, number>();
  for (const p of pairsOf(v.trust)) if (state(p) !== 'complete') broken.set(p.from, (broken.get(p.from) ?? 0) + 1);
  return v.hosts.filter((h) => broken.has(h.name)).map((h) => ({ name: h.name, text: `${h.name} cannot fully delegate to ${peers(broken.get(h.name)!)}` }));
}

function hostRow(h: HostStatus, flagged: ReadonlySet<string>, byName: ReadonlyMap<string, VerdictHost>) {
  const vh = byName.get(h.name);
  return {
    name: h.name,
    fqdn: h.fqdn ?? '—',
    dn: h.dn,
    mode: MODE_WORDS[h.mode],
    modeAttention: flagged.has(h.name),
    values: h.values,
    flags: flagWords(h.userAccountControl, h.values).filter((f) => !f.label.startsWith('Trust this computer for delegation to specified')),
    os: vh?.release ?? '—',
    foreign: vh?.foreign ?? [],
    findings: h.findings,
  };
}

/** The banner's colour follows the worst finding: green when none, amber for warnings only, red otherwise. */
function tone(worst: Report['verdict']['worst']): 'ok' | 'warn' | 'bad' {
  return worst === null ? 'ok' : worst === 'warning' ? 'warn' : 'bad';
}

/** Everything the template shows, already in words: the template only places and escapes it. */
export function reportView(report: Report) {
  const { verdict: v, scope } = report;
  const drawn = v.hosts.length <= REPORT_MATRIX_MAX;
  const flagged = new Set(v.findings.filter((f) => f.kind === 'mode-mismatch' || f.kind === 'unconstrained-delegation').map((f) => f.host));
  const byName = new Map(v.hosts.map((h) => [h.name, h]));
  return {
    title: `kcdmesh report: ${v.hosts.length} hosts, ${v.count === 0 ? 'verified' : `${v.count} findings`} (${scope.time})`,
    summary: verifySummary(v),
    tone: tone(v.worst),
    count: v.count,
    mode: v.mode,
    modeLabel: MODE_LABEL[v.mode],
    modeNote: v.modeEnforced ? '' : 'no --mode and no mode in a config: the mode most hosts use; only hosts that disagree with the mesh are findings',
    tradeOff: MODE_TRADE_OFF,
    scope: { dcUrl: scope.dc.url, dcHost: scope.dc.dnsHostName, baseDn: scope.baseDn, bindIdentity: scope.bindIdentity, time: scope.time, version: scope.kcdmeshVersion },
    services: v.services.map((name) => ({ name })),
    // the same states the matrix draws: a pair towards a target that cannot be delegated to is not complete
    counts: (({ planned, ...states }) => ({ hosts: v.hosts.length, pairs: planned, ...states, findingsText: countText(v.findings) }))(v.pairCounts),
    matrixDrawn: drawn,
    matrixMax: REPORT_MATRIX_MAX,
    ...(drawn ? matrix(report) : { rows: [], columns: [] }),
    brokenRows: drawn ? [] : brokenRows(report),
    findings: v.findings.map((f) => ({ severity: f.severity, kind: f.kind, host: f.host, text: findingSentence(f), fix: fixFor(f, v.mode) })),
    hosts: report.hosts.map((h) => hostRow(h, flagged, byName)),
  };
}

/** The self-contained HTML audit report: one file, inline CSS, no script, no secret. */
export function renderHtmlReport(report: Report): string {
  return template()(reportView(report));
}
