import type { Verdict } from '../core/verdict.js';
import { jsonChunks, renderJson } from './json.js';

/** verify as JSON: the verdict's data; renderJson gives each finding the sentence every other format shows. */
export function renderVerifyJson(v: Verdict): string {
  return renderJson('verify', v);
}

/** The same text in pieces of about 1 MB. */
export function verifyJsonChunks(v: Verdict): Generator<string> {
  return jsonChunks('verify', v);
}
