import type { OutputFormat } from './formats.js';
import type { Verdict } from '../core/verdict.js';
import { renderVerifyJson, verifyJsonChunks } from './verify-json.js';
import { renderJunit } from './junit.js';
import { renderVerifyMarkdown } from './markdown.js';
import type { Style } from './style.js';
import { renderVerifyText } from './verify-text.js';

/** renderVerdict's text in the pieces stdout is given: JSON in pieces of about 1 MB (N^2 pairs), every other format in one. */
export function* verdictPieces(output: OutputFormat, verdict: Verdict, style: Style): Generator<string> {
  if (output === 'json') yield* verifyJsonChunks(verdict);
  else yield renderVerdict(output, verdict, style);
}

/** Every verify format is a function of the one verdict. */
export function renderVerdict(output: OutputFormat, verdict: Verdict, style: Style): string {
  switch (output) {
    case 'json':
      return renderVerifyJson(verdict);
    case 'junit':
      return renderJunit(verdict);
    case 'markdown':
      return renderVerifyMarkdown(verdict);
    default:
      return renderVerifyText(verdict, style);
  }
}
