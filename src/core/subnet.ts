import { SocketAddress, isIPv4, isIPv6 } from 'node:net';

/**
 * Why `value` is not a subnet in CIDR notation (what Add-VMMigrationNetwork takes) or a single
 * address, in words; null when it is one. The address is checked by Node's own parser, which knows
 * the IPv6 forms (eight groups of at most four hex digits, one `::` standing for the missing ones,
 * an IPv4 tail); a zone (`%eth0`) names an interface of one machine, never a network, so it is refused.
 */
export function subnetProblem(value: string): string | null {
  const parts = value.split('/');
  if (parts.length > 2) return 'more than one "/"';
  const [addr, bits] = parts;
  if (addr.includes('%')) return 'a zone (%...) names an interface, not a network';
  const family = isIPv4(addr) ? 4 : isIPv6(addr) ? 6 : 0;
  if (family === 0) return addr.includes(':') ? 'not an IPv6 address' : 'not an IPv4 address';
  if (bits === undefined) return null;
  const max = family === 4 ? 32 : 128;
  if (!/^(0|[1-9]\d{0,2})$/.test(bits) || Number(bits) > max) return `the prefix length after "/" is a whole number from 0 to ${max}`;
  return null;
}

/**
 * A network as it compares: the address in its one canonical form (fd00:0::, FD00:: and
 * fd00:0:0:0:0:0:0:0 are one address) and the prefix length; a value that is not a subnet compares
 * as its text, without regard to case.
 */
export function subnetKey(value: string): string {
  const v = value.trim();
  if (subnetProblem(v) !== null) return v.toLowerCase();
  const [addr, bits] = v.split('/');
  const address = new SocketAddress({ address: addr, family: isIPv4(addr) ? 'ipv4' : 'ipv6' }).address;
  return bits === undefined ? address : `${address}/${Number(bits)}`;
}
