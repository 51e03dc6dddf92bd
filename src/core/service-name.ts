/**
 * A service class as it may stand before the `/` of a delegation value: ASCII letters, digits and
 * `-`, with single spaces between words only for classes such as "Microsoft Virtual System
 * Migration Service". Anything else (a `/`, a newline, a control or a non-ASCII character) could
 * turn one class into two values or a value no KDC matches, so it is refused, never cleaned up.
 */
const SERVICE_CLASS = /^[A-Za-z0-9](?:[A-Za-z0-9-]|(?<! ) (?=[A-Za-z0-9]))*$/;
export const MAX_SERVICE_CLASS = 64;

/** Why `s` is not a service class, in words; null when it is one. */
export function serviceClassProblem(s: string): string | null {
  if (s === '') return 'empty service name';
  if (s.length > MAX_SERVICE_CLASS) return `longer than ${MAX_SERVICE_CLASS} characters`;
  if (s.includes('/')) return 'has a "/" (give "cifs", not "cifs/HV01")';
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f-\u009f]/.test(s)) return 'has a control character (a newline, tab, ESC, ...)';
  if (/^ | $|  /.test(s)) return 'has leading, trailing or double spaces';
  if (!SERVICE_CLASS.test(s)) return 'only letters, digits, "-" and single spaces between words are allowed';
  return null;
}

export function isServiceClass(s: string): boolean {
  return serviceClassProblem(s) === null;
}

/**
 * A host name part of a value (NetBIOS name or FQDN) as it comes from the directory: DNS letters,
 * digits, `-` and `.` only. A dNSHostName holding ESC, CR or a space never becomes a value.
 */
export function isSpnHostPart(s: string): boolean {
  return s.length > 0 && s.length <= 253 && /^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*\.?$/.test(s);
}
