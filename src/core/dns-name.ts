/**
 * Why `name` is not a DNS domain name, in words; null when it is one. RFC 1035 as AD uses it:
 * labels of letters, digits and "-" (not first or last), 1 to 63 characters each, 253 in all
 * (a final "." is allowed and not counted). A name that breaks these is never a domain that DNS
 * could answer for, so it is refused before any lookup, whatever other flags are given.
 */
export function dnsNameProblem(name: string): string | null {
  const bare = name.endsWith('.') ? name.slice(0, -1) : name;
  if (bare === '') return 'empty';
  if (bare.length > 253) return `${bare.length} characters, more than the 253 a DNS name may have`;
  for (const label of bare.split('.')) {
    if (label === '') return 'an empty label (two dots in a row, or a leading dot)';
    if (label.length > 63) return `a label of ${label.length} characters, more than 63`;
    if (!/^[A-Za-z0-9-]+$/.test(label)) return 'only letters, digits, "-" and "." are allowed';
    if (label.startsWith('-') || label.endsWith('-')) return `the label "${label}" starts or ends with "-"`;
  }
  return null;
}
