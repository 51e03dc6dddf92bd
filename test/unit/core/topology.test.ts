import { describe, expect, it } from '@jest/globals';
import { edge, meshTopology, targetsOf, type Edge } from '../../../src/core/topology.js';
import { MIGRATION, host } from '../builders.js';

const names = (ts: ReturnType<typeof targetsOf>): string[] => ts.map((t) => `${t.target.name}:${t.services.join('+')}`);

describe('targetsOf', () => {
  it('lists each target once, in the order first delegated to, with every service asked of it', () => {
    const hosts = ['HV01', 'HV02', 'HV03'].map((n) => host(n));
    expect(names(targetsOf(meshTopology(hosts, ['cifs', MIGRATION], 'kerberos-only').edges))).toEqual([`HV02:cifs+${MIGRATION}`, `HV03:cifs+${MIGRATION}`, `HV01:cifs+${MIGRATION}`]);
  });

  it('merges the services of edges to one DN from other records and other lists; the last spelling of a service wins', () => {
    const [a, b, fs] = [host('HV01'), host('HV02'), host('FS01')];
    const fsAgain = host('FS01', { dn: fs.dn.toUpperCase() });
    const cifs = ['cifs'];
    const both = ['CIFS', MIGRATION];
    const edges: Edge[] = [
      edge(a, fs, cifs),
      edge(b, fs, cifs),
      edge(a, fsAgain, both),
      edge(b, fs, cifs),
      edge(a, b, both),
    ];
    expect(names(targetsOf(edges))).toEqual([`FS01:cifs+${MIGRATION}`, `HV02:CIFS+${MIGRATION}`]);
  });
});
