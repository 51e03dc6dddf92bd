import type { Verdict } from '../core/verdict.js';
import { renderJson } from './json.js';

/** verify as JSON: the verdict's data; renderJson gives each finding the sentence every other format shows. */
export function renderVerifyJson(v: Verdict): string {
  return renderJson('verify', v);
}
