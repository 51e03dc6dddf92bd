/**
 * Text from the directory (names, values, dNSHostName) is written by whoever can edit an object.
 * Before it reaches a terminal or a report, every character that a terminal acts on rather than
 * shows is replaced by a visible escape: C0 and C1 controls (ESC starts colour and cursor
 * sequences, CR overwrites a line), DEL, and the Unicode controls that reorder or hide text.
 * Backslash is left alone so DOMAIN\user stays readable; an escape always shows as \x.. or \u....
 */
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff\ufff9-\ufffb]/gu;

const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t', '\u001b': '\\x1b' };

export function escapeForDisplay(text: string): string {
  return text.replace(UNSAFE, (c) => {
    if (NAMED[c]) return NAMED[c];
    const code = c.codePointAt(0)!;
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

/** True when the text holds a character escapeForDisplay would change. */
export function hasUnsafeCharacters(text: string): boolean {
  UNSAFE.lastIndex = 0;
  const found = UNSAFE.test(text);
  UNSAFE.lastIndex = 0;
  return found;
}

/** Multi-line text (commander's usage errors echo the raw argument): each line escaped, the line breaks kept. */
export function escapeLines(text: string): string {
  return text.split('\n').map(escapeForDisplay).join('\n');
}

/**
 * commander's text for stderr: an error ("error: ...\n") echoes the raw argument, so it becomes one
 * line with everything escaped (a newline in `--services $'cifs\nldap'` too); usage text keeps its lines.
 */
export function escapeUsageText(text: string): string {
  if (!text.startsWith('error: ')) return escapeLines(text);
  const body = text.endsWith('\n') ? text.slice(0, -1) : text;
  return `${escapeForDisplay(body)}${text.endsWith('\n') ? '\n' : ''}`;
}
