import type { Edge } from '../core/topology.js';
import type { Finding, HostPlan } from '../core/types.js';
import type { Verdict } from '../core/verdict.js';
import { findingSentence } from './sentences.js';

/**
 * Bumped when a field changes meaning or goes away; new fields may appear without a bump. Version 2: the
 * output grows with what is wrong, not with N^2 (verify gives pairCounts, not every pair; a plan's hosts
 * give the values to add once, as `add`, without their current values or a second, structured copy).
 */
export const FORMAT_VERSION = 2;

const isFinding = (v: object): v is Finding => 'kind' in v && 'severity' in v && 'host' in v && typeof (v as Finding).kind === 'string';
const isHostPlan = (v: object): v is HostPlan => 'planned' in v && 'current' in v && 'add' in v;
const isVerdict = (v: object): v is Verdict => 'trust' in v && 'pairCounts' in v && 'findings' in v;
const isEdge = (v: object): v is Edge => 'source' in v && 'target' in v && 'services' in v;

/**
 * What a document holds, wherever the object sits (verify, plan, apply's plan and verdict): every finding
 * carries the sentence every other format shows; a host's plan leaves out the values it already holds
 * (`current`, and `unmanaged`, a part of them) and the structured copy of `add`; a plan's edge is given by
 * the hosts' names (not their records), and a verdict leaves out its record of every directed pair (all
 * N^2 in a large mesh).
 */
function words(_key: string, value: unknown): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  if (isFinding(value)) return { ...value, message: findingSentence(value) };
  if (isHostPlan(value)) {
    const { current: _current, planned: _planned, unmanaged: _unmanaged, ...rest } = value;
    return rest;
  }
  if (isEdge(value)) {
    const { source: _source, target: _target, ...byName } = value;
    return byName;
  }
  if (isVerdict(value)) {
    const { trust: _trust, ...rest } = value;
    return rest;
  }
  return value;
}

/** Machine output: one JSON document on stdout, versioned. */
export function renderJson(kind: string, body: object): string {
  return `${JSON.stringify({ formatVersion: FORMAT_VERSION, kind, ...body }, words, 2)}\n`;
}

/** Pieces of about this many characters are handed out: few writes, no string near V8's limit. */
const CHUNK = 1 << 20;

/** What JSON.stringify leaves out of an object (and writes as null in an array). */
const omitted = (v: unknown): boolean => v === undefined || typeof v === 'function' || typeof v === 'symbol';

/** Objects this deep (the document is 0) are written whole: a pair, a finding, a host's plan. */
const WHOLE_DEPTH = 2;

/**
 * The items of an array written whole, one by one: JSON.stringify of each item, re-indented under the
 * array. One item (a pair, a finding, a host's plan) is small; all of them can be hundreds of MB.
 */
function* items(list: readonly unknown[], pad: string): Generator<string> {
  const inner = `${pad}  `;
  for (let i = 0; i < list.length; i++) {
    const text = JSON.stringify(omitted(list[i]) ? null : list[i], words, 2);
    yield `${i ? ',' : '['}\n${inner}${text.replaceAll('\n', `\n${inner}`)}`;
  }
  yield `\n${pad}]`;
}

/** The text of `value` at indentation `pad`, as JSON.stringify(value, words, 2) writes it there, in pieces. */
function* pieces(value: unknown, pad: string, depth = 0): Generator<string> {
  const plain = value !== null && typeof value === 'object' && typeof (value as { toJSON?: unknown }).toJSON !== 'function'
    && (Array.isArray(value) || depth < WHOLE_DEPTH);
  if (plain && Array.isArray(value)) {
    if (value.length === 0) return yield '[]';
    if (depth + 1 >= WHOLE_DEPTH) return yield* items(value, pad);
    const inner = `${pad}  `;
    for (let i = 0; i < value.length; i++) {
      yield `${i ? ',' : '['}\n${inner}`;
      yield* pieces(omitted(value[i]) ? null : value[i], inner, depth + 1);
    }
    return yield `\n${pad}]`;
  }
  if (plain) {
    const inner = `${pad}  `;
    let first = true;
    // words, as JSON.stringify calls it on every object: a finding gets its sentence here too
    for (const [k, v] of Object.entries(words('', value) as object)) {
      if (omitted(v)) continue;
      yield `${first ? '{' : ','}\n${inner}${JSON.stringify(k)}: `;
      yield* pieces(v, inner, depth + 1);
      first = false;
    }
    return yield first ? '{}' : `\n${pad}}`;
  }
  // a leaf or a small object: a JSON string never holds a raw line break, so re-indenting by line is safe
  const text = JSON.stringify(value, words, 2);
  yield pad ? text.replaceAll('\n', `\n${pad}`) : text;
}

/**
 * renderJson's exact text, in pieces of about 1 MB: a verdict of hundreds of hosts has N^2 pairs, and
 * one string of it can pass the longest string V8 makes ("Invalid string length").
 */
export function* jsonChunks(kind: string, body: object): Generator<string> {
  let buffer = '';
  for (const piece of pieces({ formatVersion: FORMAT_VERSION, kind, ...body }, '')) {
    buffer += piece;
    if (buffer.length >= CHUNK) {
      yield buffer;
      buffer = '';
    }
  }
  yield `${buffer}\n`;
}
