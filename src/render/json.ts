import type { Finding } from '../core/types.js';
import { findingSentence } from './sentences.js';

/** Bumped when a field changes meaning or goes away; new fields may appear without a bump. */
export const FORMAT_VERSION = 1;

const isFinding = (v: object): v is Finding => 'kind' in v && 'severity' in v && 'host' in v && typeof (v as Finding).kind === 'string';
const isPlanned = (v: object): boolean => 'nameForm' in v && 'spn' in v && 'service' in v;

/**
 * Every finding, wherever it sits in a document (verify, plan warnings, apply's verdict), carries the
 * sentence every other format shows; a planned value also keeps the names of format version 1
 * (`form`, `value`) beside its own.
 */
function words(_key: string, value: unknown): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  if (isFinding(value)) return { ...value, message: findingSentence(value) };
  if (isPlanned(value)) {
    const p = value as { nameForm: string; spn: string };
    return { ...value, form: p.nameForm, value: p.spn };
  }
  return value;
}

/** Machine output: one JSON document on stdout, versioned. */
export function renderJson(kind: string, body: object): string {
  return `${JSON.stringify({ formatVersion: FORMAT_VERSION, kind, ...body }, words, 2)}\n`;
}
