import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Directory } from '../../src/directory/directory.js';
import { cli, createHosts, dc, deleteHosts, fqdnOf } from '../lab/lab.js';

/**
 * The lab has one real DC. A second writable DC is a computer object with SERVER_TRUST_ACCOUNT
 * (what kcdmesh discovers), reached through the same server; its replication lag is simulated by
 * hiding one value in what it returns. Discovery and the per-DC comparison run for real.
 */
const HOSTS = ['REP01', 'REP02'];
const DC2 = 'dc2.lab.test';

function laggingDc2(missing: string): (dir: Directory, url: string) => Directory {
  return (dir, url) => {
    if (!url.includes(DC2)) return dir;
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
  await createHosts(HOSTS);
  await createHosts(['DC2'], { uac: 0x2000, fqdn: DC2, spns: [] });
  expect((await cli(['apply', ...HOSTS, '--yes'])).code).toBe(0);
});
afterAll(() => deleteHosts(['DC2']));

describe('verify --all-dcs', () => {
  const urlMap = (): Record<string, string> => ({ [`ldaps://${DC2}`]: dc().SAMBA_DC_URL });

  it('reads every writable DC and says they agree', async () => {
    const r = await cli(['verify', ...HOSTS, '--all-dcs'], { urlMap: urlMap() });
    expect(r.stderr).toContain(`kcdmesh: read from 2 writable DCs: DC1.lab.test, ${DC2}; all agree`);
    expect(r.code).toBe(0);
  });

  it('reports a value that has not reached every DC yet (exit 2)', async () => {
    const lagging = `cifs/${fqdnOf('REP02')}`;
    const r = await cli(['verify', ...HOSTS, '--all-dcs', '--output', 'json'], { urlMap: urlMap(), wrap: laggingDc2(lagging) });
    expect(r.code).toBe(2);
    const doc = JSON.parse(r.stdout);
    expect(doc.findings).toEqual([
      { kind: 'not-replicated', severity: 'error', host: 'REP01', value: lagging, on: ['DC1.lab.test'], missingOn: [DC2], message: `REP01: ${lagging} is on DC1.lab.test but not yet on ${DC2}` },
    ]);
  });

  it('a DC that cannot be reached is an error, not a silent pass', async () => {
    const r = await cli(['verify', ...HOSTS, '--all-dcs', '--timeout', '3'], { urlMap: { [`ldaps://${DC2}`]: 'ldaps://127.0.0.1:1' } });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('connection to ldaps://127.0.0.1:1 refused');
  });
});
