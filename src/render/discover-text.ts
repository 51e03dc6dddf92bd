import type { DiscoveredHost } from '../core/discovery.js';

export function renderDiscoverText(hosts: readonly DiscoveredHost[]): string {
  if (hosts.length === 0) return 'No computers register "Microsoft Virtual System Migration Service/*" under this base.\n';
  const rows = [['NAME', 'FQDN', 'MODE', 'VALUES', 'DN'], ...hosts.map((h) => [h.name + (h.domainController ? ' (DC)' : ''), h.fqdn ?? '-', h.mode, String(h.values), h.dn])];
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  const lines = rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]))).join('  '));
  return `${lines.join('\n')}\n${hosts.length} Hyper-V host${hosts.length === 1 ? '' : 's'} found.\n`;
}
