import { describe, expect, it } from '@jest/globals';
import { computePlan } from '../../../src/core/plan.js';
import { targetPlanned } from '../../../src/core/topology.js';
import type { HostRecord } from '../../../src/core/types.js';
import { MAPPINGS, MIGRATION, host, policy } from '../builders.js';

/**
 * The plan's comparison of what each host holds with what its peers want takes shortcuts (a host as
 * kcdmesh wrote it, a host that holds nothing, values compared by number). Here it is held against the
 * rule written out plainly, over meshes made at random: values held in other spellings, twice, for
 * the host itself, for no peer; hosts without an FQDN or whose FQDN is their short name.
 */
const key = (v: string): string => v.trim().toLowerCase();

function expected(h: HostRecord, members: readonly HostRecord[], services: readonly string[]): { add: string[]; unmanaged: string[] } {
  const wanted = members.filter((m) => m !== h).flatMap((m) => targetPlanned(m, services)).map((v) => v.spn);
  const seen = new Set(h.delegateTo.map(key));
  const add: string[] = [];
  for (const v of wanted) {
    if (seen.has(key(v))) continue;
    seen.add(key(v));
    add.push(v);
  }
  const wantedKeys = new Set(wanted.map(key));
  return { add, unmanaged: h.delegateTo.filter((v) => !wantedKeys.has(key(v))) };
}

function randomMesh(seed: number): { hosts: HostRecord[]; services: string[] } {
  let s = seed;
  const rnd = (): number => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
  const services = [['cifs', MIGRATION], ['cifs'], [MIGRATION, 'cifs', 'http']][Math.floor(rnd() * 3)] as string[];
  const n = 2 + Math.floor(rnd() * 14);
  const hosts = Array.from({ length: n }, (_, i) => {
    const name = `HV${String(i + 1).padStart(2, '0')}`;
    return host(name, { fqdn: rnd() < 0.1 ? null : rnd() < 0.05 ? name : undefined });
  });
  const spell = (v: string): string => [v, v, v.toUpperCase(), ` ${v} `, v.toLowerCase()][Math.floor(rnd() * 5)] as string;
  const fill = rnd();
  for (const h of hosts) {
    if (rnd() < 0.3) continue; // holds nothing yet
    for (const t of hosts) {
      if (t === h) continue;
      for (const v of targetPlanned(t, services)) {
        if (rnd() < fill) h.delegateTo.push(spell(v.spn));
        if (rnd() < 0.03) h.delegateTo.push(v.spn);
      }
    }
    if (rnd() < 0.2) h.delegateTo.push(`cifs/${h.name}`, 'http/web01');
    if (rnd() < 0.2) h.delegateTo.reverse();
  }
  return { hosts, services };
}

describe('the plan against the rule written out plainly', () => {
  it('plans for every host exactly the values it lacks, first spelling kept, and names the values no peer wants, over 400 random meshes', () => {
    let compared = 0;
    for (let seed = 1; seed <= 400; seed++) {
      const { hosts, services } = randomMesh(seed);
      const p = computePlan(hosts, policy({ services, maxValues: 100_000 }), MAPPINGS);
      hosts.forEach((h, i) => {
        const got = p.hosts[i]!;
        expect({ seed, host: got.host, add: got.add, unmanaged: got.unmanaged }).toEqual({ seed, host: h.name, ...expected(h, hosts, services) });
        compared++;
      });
    }
    expect(compared).toBeGreaterThan(2000);
  });
});
