/** Characters XML 1.0 cannot carry at all (C0 controls but tab, newline and CR; lone surrogates; FFFE/FFFF). */
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;', '\n': '&#10;', '\r': '&#13;', '\t': '&#9;' };

/** An attribute value: every markup character escaped, and line breaks kept (a parser would fold them to blanks). */
export function xmlAttr(s: string): string {
  return s.replace(NOT_XML, '\uFFFD').replace(/[&<>"'\n\r\t]/g, (c) => ENTITIES[c]);
}

/** Element text: markup escaped (">" too, so "]]>" never appears), line breaks as they are. */
export function xmlText(s: string): string {
  return s.replace(NOT_XML, '\uFFFD').replace(/[&<>]/g, (c) => ENTITIES[c]);
}
