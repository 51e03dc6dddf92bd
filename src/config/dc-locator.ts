import { Resolver } from 'node:dns/promises';
import { KcdmeshError } from '../errors.js';

export interface SrvRecord {
  name: string;
  port: number;
  priority: number;
  weight: number;
}

export type SrvResolver = (name: string) => Promise<SrvRecord[]>;

/**
 * RFC 2782 order: lowest priority first; within one priority a weighted random draw, repeated without
 * the drawn record. `random` returns [0, 1) and is injectable for tests.
 */
export function orderSrv(records: readonly SrvRecord[], random: () => number = Math.random): SrvRecord[] {
  const byPriority = new Map<number, SrvRecord[]>();
  for (const r of records) byPriority.set(r.priority, [...(byPriority.get(r.priority) ?? []), r]);
  const out: SrvRecord[] = [];
  for (const priority of [...byPriority.keys()].sort((a, b) => a - b)) {
    // Zero weights first, as RFC 2782 asks, so they keep a small chance of being picked early.
    const left = [...(byPriority.get(priority) ?? [])].sort((a, b) => a.weight - b.weight);
    while (left.length) {
      const total = left.reduce((s, r) => s + r.weight, 0);
      let i = 0;
      if (total > 0) {
        let pick = random() * total;
        i = left.findIndex((r) => (pick -= r.weight) < 0);
        if (i < 0) i = left.length - 1;
      }
      out.push(left.splice(i, 1)[0]);
    }
  }
  return out;
}

export const srvName = (domain: string): string => `_ldap._tcp.dc._msdcs.${domain.toLowerCase().replace(/\.$/, '')}`;

const systemResolver: SrvResolver = (name) => new Resolver({ timeout: 5000, tries: 2 }).resolveSrv(name);

/** The domain's DCs as ldap:// URLs, in the order to try them. */
export async function locateDcs(domain: string, resolve: SrvResolver = systemResolver, random?: () => number): Promise<string[]> {
  const name = srvName(domain);
  let records: SrvRecord[];
  try {
    records = await resolve(name);
  } catch (err) {
    const code = (err as { code?: string }).code ?? 'error';
    throw new KcdmeshError(`no domain controller found for ${domain}: DNS SRV lookup of ${name} failed (${code})`, 'check the domain name and the DNS server, or give the DC with --url ldap://dc1.example.com');
  }
  const usable = records.filter((r) => r.name && r.name !== '.');
  if (!usable.length) throw new KcdmeshError(`no domain controller found for ${domain}: ${name} lists none`, 'give the DC with --url ldap://dc1.example.com');
  return orderSrv(usable, random).map((r) => `ldap://${r.name.replace(/\.$/, '')}${r.port && r.port !== 389 ? `:${r.port}` : ''}`);
}
