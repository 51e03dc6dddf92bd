import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Directory } from '../../src/directory/directory.js';
import { cli, createHosts, dc, deleteHosts, fqdnOf } from '../lab/lab.js';
import { replicate, twoDcLab } from '../lab/two-dc.js';

/**
 * The lab has two real DCs (DC1, dc2.lab.test). A third writable DC is a computer object with
 * SERVER_TRUST_ACCOUNT (what kcdmesh discovers), reached through DC1; its replication lag is
 * simulated by hiding one value in what it returns. Discovery and the per-DC comparison run for real.
 */
const HOSTS = ['REP01', 'REP02'];
const DC3 = 'dc3.lab.test';

function laggingDc2(missing: string): (dir: Directory, url: string) => Directory {
  return (dir, url) => {
    if (!url.includes(DC3)) return dir;
    return new Proxy(dir, {
      get(target, prop, receiver) {
        if (prop !== 'findHosts') return Reflect.get(target, prop, receiver);
        return async (...args: Parameters<Directory['findHosts']>) =>
          (await target.findHosts(...args)).map((h) => ({ ...h, delegateTo: h.delegateTo.filter((v) => v !== missing) }));
      },
    });
  };
}

beforeAll(async () => {
  await twoDcLab();
  await createHosts(HOSTS);
  await createHosts(['DC3'], { uac: 0x2000, fqdn: DC3, spns: [] });
  expect((await cli(['apply', ...HOSTS, '--yes'])).code).toBe(0);
  await replicate('dc1', 'dc2'); // the real DC2 holds the result now, not in a few seconds
}, 60000);
afterAll(() => deleteHosts(['DC3']));

describe('verify --all-dcs', () => {
  const urlMap = (): Record<string, string> => ({ [`ldaps://${DC3}`]: dc().SAMBA_DC_URL });

  it('reads every writable DC and says they agree', async () => {
    const r = await cli(['verify', ...HOSTS, '--all-dcs'], { urlMap: urlMap() });
    expect(r.stderr).toContain(`kcdmesh: read from 3 of 3 writable DCs: DC1.lab.test, dc2.lab.test, ${DC3}; all agree`);
    expect(r.code).toBe(0);
  });

  it('reports a value that has not reached every DC yet (exit 2)', async () => {
    const lagging = `cifs/${fqdnOf('REP02')}`;
    const r = await cli(['verify', ...HOSTS, '--all-dcs', '--output', 'json'], { urlMap: urlMap(), wrap: laggingDc2(lagging) });
    expect(r.code).toBe(2);
    const doc = JSON.parse(r.stdout);
    expect(doc.findings).toEqual([
      { kind: 'not-replicated', severity: 'error', host: 'REP01', value: lagging, on: ['DC1.lab.test', 'dc2.lab.test'], missingOn: [DC3], message: `REP01: ${lagging} is on DC1.lab.test, dc2.lab.test but not yet on ${DC3}` },
    ]);
  });

  it('a DC that cannot be reached is a finding naming it (exit 2), not a silent pass', async () => {
    const r = await cli(['verify', ...HOSTS, '--all-dcs', '--timeout', '3', '--output', 'json'], { urlMap: { [`ldaps://${DC3}`]: 'ldaps://127.0.0.1:1' } });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('connection to ldaps://127.0.0.1:1 refused');
    expect(JSON.parse(r.stdout).findings).toEqual([expect.objectContaining({ kind: 'dc-unreachable', host: DC3 })]);
  });

  it('a DC name from the directory that does not resolve: the finding says where the name came from and what to fix', async () => {
    const r = await cli(['verify', ...HOSTS, '--all-dcs', '--timeout', '5', '--output', 'json']); // dc3.lab.test resolves nowhere
    expect(r.code).toBe(2);
    const [f] = JSON.parse(r.stdout).findings;
    expect(f).toMatchObject({ kind: 'dc-unreachable', host: DC3 });
    expect(f.message).toContain(`cannot resolve ${DC3}, a writable DC of the domain (${DC3} is the DC's dNSHostName attribute in the directory`);
    expect(r.stderr).toContain(`make ${DC3} resolve from this machine (a DNS record, or a hosts entry)`);
    expect(r.stderr).not.toContain('--url');
  });
});
