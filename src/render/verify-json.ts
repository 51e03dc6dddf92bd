import type { Verdict } from '../core/verdict.js';
import { renderJson } from './json.js';
import { findingSentence } from './sentences.js';

/** verify as JSON: the verdict's data, each finding with the same sentence every other format shows. */
export function renderVerifyJson(v: Verdict): string {
  return renderJson('verify', { ...v, findings: v.findings.map((f) => ({ ...f, message: findingSentence(f) })) });
}
