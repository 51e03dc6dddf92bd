import type { OutputFormat } from './formats.js';
import type { Verdict } from '../core/verdict.js';
import { renderVerifyJson } from './verify-json.js';
import { renderJunit } from './junit.js';
import { renderVerifyMarkdown } from './markdown.js';
import type { Style } from './style.js';
import { renderVerifyText } from './verify-text.js';

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
