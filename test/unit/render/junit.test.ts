import { describe, expect, it } from '@jest/globals';
import { computePlan } from '../../../src/core/plan.js';
import type { Finding, HostRecord } from '../../../src/core/types.js';
import { computeVerdict, verdictFromPlan, type Verdict } from '../../../src/core/verdict.js';
import { renderJunit } from '../../../src/render/junit.js';
import { xmlAttr, xmlText } from '../../../src/render/xml.js';
import { MAPPINGS, MIGRATION, configuredMesh, host, policy, valuesFor } from '../builders.js';
import { lines } from '../render-fixtures.js';

const verdict = (hosts: HostRecord[]): Verdict => verdictFromPlan(computePlan(hosts, policy(), MAPPINGS), hosts);

/** Elements by name, counted on the tags themselves (names and attribute values are escaped, so `<x` is markup). */
const count = (xml: string, tag: string): number => xml.split(`<${tag} `).length - 1 + (xml.split(`<${tag}>`).length - 1);

describe('renderJunit', () => {
  it('has a testcase per delegating host, per pair that lacks something and per host check; each finding fails exactly one', () => {
    const hosts = [host('HV01', { values: valuesFor('HV02').slice(0, 3) }), host('HV02', { values: valuesFor('HV01'), uac: 0x81000 })];
    expect(renderJunit(verdict(hosts))).toBe(lines(
      '<?xml version="1.0" encoding="UTF-8"?>',
      '<testsuites name="kcdmesh verify" tests="15" failures="2" errors="0">',
      '  <testsuite name="kcdmesh.delegation" tests="3" failures="1" errors="0" skipped="0">',
      '    <testcase classname="kcdmesh.delegation.HV01" name="HV01 delegates to its peers"/>',
      `    <testcase classname="kcdmesh.delegation.HV01" name="HV01 delegates to HV02"><failure message="HV01 cannot delegate to HV02: missing ${MIGRATION}/hv02.lab.test" type="missing-delegation">error: HV01 cannot delegate to HV02: missing ${MIGRATION}/hv02.lab.test`,
      'fix: Run kcdmesh apply with the same hosts (it adds exactly these values), or in ADUC: HV01 &gt; Properties &gt; Delegation &gt; Add &gt; HV02, and pick every missing service.</failure></testcase>',
      '    <testcase classname="kcdmesh.delegation.HV02" name="HV02 delegates to its peers"/>',
      '  </testsuite>',
      '  <testsuite name="kcdmesh.hosts" tests="12" failures="1" errors="0" skipped="0">',
      '    <testcase classname="kcdmesh.hosts.HV01" name="HV01 is in kerberos-only mode"/>',
      '    <testcase classname="kcdmesh.hosts.HV01" name="HV01 is not trusted for unconstrained delegation"/>',
      '    <testcase classname="kcdmesh.hosts.HV01" name="HV01 has an enabled computer account"/>',
      '    <testcase classname="kcdmesh.hosts.HV01" name="HV01 is within the delegation value limit"/>',
      '    <testcase classname="kcdmesh.hosts.HV01" name="HV01 registers cifs"/>',
      `    <testcase classname="kcdmesh.hosts.HV01" name="HV01 registers ${MIGRATION}"/>`,
      '    <testcase classname="kcdmesh.hosts.HV02" name="HV02 is in kerberos-only mode"/>',
      '    <testcase classname="kcdmesh.hosts.HV02" name="HV02 is not trusted for unconstrained delegation"><failure message="HV02 is trusted for delegation to any service (Kerberos only), unconstrained: it can act as any user towards any service in the domain" type="unconstrained-delegation">critical: HV02 is trusted for delegation to any service (Kerberos only), unconstrained: it can act as any user towards any service in the domain',
      'fix: Run kcdmesh apply with the same hosts (it clears the flag), or in ADUC: HV02 &gt; Properties &gt; Delegation &gt; "Trust this computer for delegation to specified services only".</failure></testcase>',
      '    <testcase classname="kcdmesh.hosts.HV02" name="HV02 has an enabled computer account"/>',
      '    <testcase classname="kcdmesh.hosts.HV02" name="HV02 is within the delegation value limit"/>',
      '    <testcase classname="kcdmesh.hosts.HV02" name="HV02 registers cifs"/>',
      `    <testcase classname="kcdmesh.hosts.HV02" name="HV02 registers ${MIGRATION}"/>`,
      '  </testsuite>',
      '</testsuites>',
    ));
  });

  it('passes every testcase of a complete mesh: one delegation check per host, none per pair', () => {
    const xml = renderJunit(computeVerdict(configuredMesh(['HV01', 'HV02', 'HV03']), policy(), MAPPINGS));
    expect(xml).toContain('<testsuites name="kcdmesh verify" tests="21" failures="0" errors="0">');
    expect(count(xml, 'testcase')).toBe(3 + 3 * 6);
    expect(count(xml, 'failure')).toBe(0);
    expect(xml).toContain('<testcase classname="kcdmesh.delegation.HV03" name="HV03 delegates to its peers"/>');
    expect(xml).not.toContain('delegates to HV');
  });

  it('puts every missing value of a pair into one failure, and a target without the SPN under that host', () => {
    const hosts = [host('HV01'), host('HV02', { values: valuesFor('HV01'), spns: ['HOST/HV02', 'HOST/hv02.lab.test'] })];
    const xml = renderJunit(verdict(hosts));
    expect(count(xml, 'failure')).toBe(2);
    expect(xml).toContain(`<failure message="HV01 cannot delegate to HV02: missing cifs/HV02, cifs/hv02.lab.test, ${MIGRATION}/HV02, ${MIGRATION}/hv02.lab.test" type="missing-delegation">`);
    expect(xml).toContain(`<testcase classname="kcdmesh.hosts.HV02" name="HV02 registers ${MIGRATION}"><failure message="HV02 cannot be delegated to: it does not register`);
    expect(xml).toContain(`setspn -S "${MIGRATION}/HV02" HV02; setspn -S "${MIGRATION}/hv02.lab.test" HV02.`);
  });

  it('keeps a finding no check owns, in a testcase of its own', () => {
    const v = verdict(configuredMesh(['HV01', 'HV02']));
    const stray: Verdict = { ...v, ok: false, count: 1, findings: [{ kind: 'not-replicated', severity: 'error', host: 'HV01', value: 'cifs/elsewhere', on: ['dc1'], missingOn: ['dc2'] }] };
    const xml = renderJunit(stray);
    expect(xml).toContain('<testsuites name="kcdmesh verify" tests="15" failures="1" errors="0">');
    expect(xml).toContain('  <testsuite name="kcdmesh.other" tests="1" failures="1" errors="0" skipped="0">');
    expect(xml).toContain('<testcase classname="kcdmesh.other.HV01" name="HV01: not-replicated cifs/elsewhere"><failure message="HV01: cifs/elsewhere is on dc1 but not yet on dc2"');
  });


  it('names each finding no check owns apart, so a dashboard that keys testcases by name counts every one', () => {
    const v = verdict(configuredMesh(['HV01', 'HV02']));
    const stray = (value: string): Finding => ({ kind: 'unwanted-delegation', severity: 'error', host: 'HV01', value });
    const findings = [stray('cifs/HV09'), stray('cifs/hv09.lab.test'), stray('cifs/HV09')];
    const xml = renderJunit({ ...v, ok: false, count: 3, findings });
    expect(xml).toContain('<testsuites name="kcdmesh verify" tests="17" failures="3" errors="0">');
    const names = [...xml.matchAll(/<testcase classname="kcdmesh\.other\.HV01" name="([^"]*)"/g)].map((m) => m[1]);
    expect(names).toEqual(['HV01: unwanted-delegation cifs/HV09', 'HV01: unwanted-delegation cifs/hv09.lab.test', 'HV01: unwanted-delegation cifs/HV09 (2)']);
  });

  it('escapes what the directory holds: markup, quotes, and characters XML cannot carry', () => {
    const odd = 'hv02.lab.test"<&>\u0001';
    const hosts = [host('HV01'), host('HV02', { fqdn: odd, values: valuesFor('HV01') })];
    const xml = renderJunit(verdict(hosts));
    expect(xml).toContain('missing cifs/HV02, cifs/hv02.lab.test&quot;&lt;&amp;&gt;\uFFFD, ');
    expect(xml).not.toMatch(/[\u0000-\u0008]/);
  });
});

describe('xml escaping', () => {
  it.each([
    ['a & b', 'a &amp; b', 'a &amp; b'],
    ['<x y="1">', '&lt;x y=&quot;1&quot;&gt;', '&lt;x y="1"&gt;'],
    ["it's", 'it&apos;s', "it's"],
    ['line\nbreak', 'line&#10;break', 'line\nbreak'],
    ['nul\u0000 and lone \uD800', 'nul\uFFFD and lone \uFFFD', 'nul\uFFFD and lone \uFFFD'],
    ['pair \uD83D\uDE00 kept', 'pair \uD83D\uDE00 kept', 'pair \uD83D\uDE00 kept'],
    [']]>', ']]&gt;', ']]&gt;'],
  ])('%j', (input, attr, text) => {
    expect(xmlAttr(input)).toBe(attr);
    expect(xmlText(input)).toBe(text);
  });
});
