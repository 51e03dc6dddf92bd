import { describe, expect, it } from '@jest/globals';
import { computePlan } from '../../../src/core/plan.js';
import type { HostRecord, Plan } from '../../../src/core/types.js';
import { computeVerdict } from '../../../src/core/verdict.js';
import { mdCode, mdText, renderPlanMarkdown, renderVerifyMarkdown } from '../../../src/render/markdown.js';
import { MAPPINGS, MIGRATION, configuredMesh, host, policy, valuesFor } from '../builders.js';
import { lines } from '../render-fixtures.js';

const MODE = `Mode **kerberos-only** ("Use Kerberos only") · services \`cifs\`, \`${MIGRATION}\``;

/** GFM table rows as cells: split on pipes that are not escaped (and not inside a code span). */
function tableRows(md: string): string[][] {
  return md.split('\n').filter((l) => l.startsWith('|')).map((l) => {
    const cells: string[] = [];
    let cell = '';
    let code = 0;
    for (let i = 1; i < l.length; i++) {
      const c = l[i];
      if (c === '\\' && i + 1 < l.length) { cell += c + l[++i]; continue; }
      if (c === '`') code = code ? 0 : 1;
      if (c === '|' && !code) { cells.push(cell.trim()); cell = ''; continue; }
      cell += c;
    }
    return cells;
  });
}

/** Fenced blocks open and close with fences of the same length; returns the blocks' lines. */
function fencedBlocks(md: string): string[][] {
  const blocks: string[][] = [];
  let fence: string | null = null;
  for (const line of md.split('\n')) {
    const m = line.match(/^(`{3,})/);
    if (fence === null && m) { fence = m[1]; blocks.push([]); continue; }
    if (fence !== null && line === fence) { fence = null; continue; }
    if (fence !== null) blocks[blocks.length - 1].push(line);
  }
  if (fence !== null) throw new Error('unclosed fence');
  return blocks;
}

describe('renderVerifyMarkdown', () => {
  const gap = (): HostRecord[] => [
    host('HV01', { values: valuesFor('HV02').slice(0, 2) }),
    host('HV02', { values: [...valuesFor('HV01'), ...valuesFor('HV03')] }),
    host('HV03', { values: valuesFor('HV02'), spns: ['HOST/HV03', 'HOST/hv03.lab.test'] }),
  ];

  it('leads with the summary, draws the matrix, lists findings per pair and says how to fix', () => {
    expect(renderVerifyMarkdown(computeVerdict(gap(), policy(), MAPPINGS))).toBe(lines(
      '### kcdmesh verify',
      '',
      '**Findings: 4 (4 errors); 2 of 6 directed pairs work.**',
      '',
      `${MODE} · 3 hosts`,
      '',
      '| delegates to → | HV01 | HV02 | HV03 |',
      '|:--|:-:|:-:|:-:|',
      '| **HV01** | – | ⚠️ 2/4 | ⛔ no SPN |',
      '| **HV02** | ✅ | – | ⛔ no SPN |',
      '| **HV03** | ❌ none | ✅ | – |',
      '',
      `- ❌ HV01 cannot delegate to HV02: missing \`${MIGRATION}/HV02\`, \`${MIGRATION}/hv02.lab.test\``,
      `- ❌ HV01 cannot delegate to HV03: missing \`cifs/HV03\`, \`cifs/hv03.lab.test\`, \`${MIGRATION}/HV03\`, \`${MIGRATION}/hv03.lab.test\``,
      `- ❌ HV03 cannot be delegated to: it does not register ${MIGRATION}/HV03 or ${MIGRATION}/hv03.lab.test (is the Hyper-V role installed?)`,
      `- ❌ HV03 cannot delegate to HV01: missing \`cifs/HV01\`, \`cifs/hv01.lab.test\`, \`${MIGRATION}/HV01\`, \`${MIGRATION}/hv01.lab.test\``,
      '',
      'Missing values and flags: `kcdmesh plan` with the same hosts shows the change, `kcdmesh apply` makes it.',
    ));
  });

  it('is three short lines and a green matrix for a verified mesh', () => {
    expect(renderVerifyMarkdown(computeVerdict(configuredMesh(['HV01', 'HV02']), policy(), MAPPINGS))).toBe(lines(
      '### kcdmesh verify',
      '',
      '**Verified: 2 hosts, 2 directed pairs, every pair trusted both ways (kerberos-only).**',
      '',
      `${MODE} · 2 hosts`,
      '',
      '| delegates to → | HV01 | HV02 |',
      '|:--|:-:|:-:|',
      '| **HV01** | – | ✅ |',
      '| **HV02** | ✅ | – |',
    ));
  });

  it('has a well-formed table: every row as many cells as the header', () => {
    const rows = tableRows(renderVerifyMarkdown(computeVerdict(gap(), policy(), MAPPINGS)));
    expect(rows).toHaveLength(5);
    for (const r of rows) expect(r).toHaveLength(4);
  });

  it('draws no matrix above 12 hosts, says one line per host that delegates to none, and caps long lists for a comment', () => {
    const names = Array.from({ length: 13 }, (_, i) => `HV${String(i + 1).padStart(2, '0')}`);
    const md = renderVerifyMarkdown(computeVerdict(names.map((n) => host(n)), policy(), MAPPINGS));
    expect(tableRows(md)).toEqual([]);
    expect(md).not.toContain('→');
    expect(md).toContain('- ❌ HV01 delegates to none of its 12 peers\n');
    expect(md.split('\n').filter((l) => l.startsWith('- ❌'))).toHaveLength(13);
    const many = Array.from({ length: 60 }, (_, i) => `HV${String(i + 1).padStart(2, '0')}`);
    expect(renderVerifyMarkdown(computeVerdict(many.map((n) => host(n)), policy(), MAPPINGS))).toContain('- … and 10 more (run kcdmesh verify for the full list)\n');
    expect(md.length).toBeLessThan(20000);
  });
});

describe('renderPlanMarkdown', () => {
  it('shows a row per host that changes and folds the values into a diff block', () => {
    const hosts = [host('HV01', { values: valuesFor('HV02').slice(0, 3) }), host('HV02', { values: valuesFor('HV01'), uac: 0x81000 }), host('HV03', { uac: 0x1002, values: [...valuesFor('HV01'), ...valuesFor('HV02')] })];
    hosts[0].delegateTo.push(...valuesFor('HV03'));
    hosts[1].delegateTo.push(...valuesFor('HV03'));
    expect(renderPlanMarkdown(computePlan(hosts, policy(), MAPPINGS))).toBe(lines(
      '### kcdmesh plan',
      '',
      '**Plan: 1 to add, 0 to remove, 1 flag change, on 2 of 3 hosts.**',
      '',
      `${MODE} · 3 hosts`,
      '',
      '| host | add | remove | flags |',
      '|:--|--:|--:|:--|',
      '| HV01 | 1 | 0 |  |',
      '| HV02 | 0 | 0 | userAccountControl 0x81000 -> 0x1000 (clear TRUSTED\\_FOR\\_DELEGATION (unconstrained)) |',
      '',
      '<details><summary>1 value and 1 flag change</summary>',
      '',
      '```diff',
      '# HV01  CN=HV01,CN=Computers,DC=lab,DC=test',
      `+ ${MIGRATION}/hv02.lab.test`,
      '# HV02  CN=HV02,CN=Computers,DC=lab,DC=test',
      '! userAccountControl 0x81000 -> 0x1000 (clear TRUSTED_FOR_DELEGATION (unconstrained))',
      '```',
      '',
      '</details>',
      '',
      '- ❌ HV03\'s computer account is disabled: it cannot migrate to or from its peers',
    ));
  });

  it('is one line for a plan in sync', () => {
    expect(renderPlanMarkdown(computePlan(configuredMesh(['HV01', 'HV02']), policy(), MAPPINGS))).toBe(lines(
      '### kcdmesh plan', '', '**No changes. The mesh of 2 hosts is in sync.**', '', `${MODE} · 2 hosts`,
    ));
  });

  it('keeps values with backticks or pipes inside the diff block, and the table whole', () => {
    const plan: Plan = {
      mode: 'kerberos-only',
      services: ['cifs'],
      hosts: [{ host: 'HV01', dn: 'CN=HV01,DC=lab,DC=test', current: [], add: ['cifs/````odd', 'cifs/x|y'], remove: [], planned: [], unmanaged: [], uac: null }],
      edges: [],
      pairCount: 0,
      warnings: [],
    };
    const md = renderPlanMarkdown(plan);
    expect(fencedBlocks(md)).toEqual([['# HV01  CN=HV01,DC=lab,DC=test', '+ cifs/````odd', '+ cifs/x|y']]);
    expect(tableRows(md).every((r) => r.length === 4)).toBe(true);
  });

  it('caps the value lines of a large plan', () => {
    const names = Array.from({ length: 12 }, (_, i) => `HV${String(i + 1).padStart(2, '0')}`);
    const md = renderPlanMarkdown(computePlan(names.map((n) => host(n)), policy(), MAPPINGS));
    const [block] = fencedBlocks(md);
    expect(block).toHaveLength(301);
    expect(block[300]).toBe('# … and 240 more lines (kcdmesh plan shows them all)');
  });
});

describe('markdown escaping', () => {
  it.each([
    ['plain words', 'HV01 cannot delegate', 'HV01 cannot delegate'],
    ['emphasis and code', '*a* _b_ `c`', '\\*a\\* \\_b\\_ \\`c\\`'],
    ['HTML and links', '<img src=x> [x](y)', '\\<img src=x> \\[x\\](y)'],
    ['a table border', 'a|b', 'a\\|b'],
    ['line breaks', 'a\nb', 'a b'],
  ])('mdText: %s', (_label, input, out) => {
    expect(mdText(input)).toBe(out);
  });

  it.each([
    ['plain', 'cifs/HV02', '`cifs/HV02`'],
    ['a backtick inside', 'a`b', '``a`b``'],
    ['a backtick at the edge', '`x', '`` `x ``'],
    ['a run of backticks', 'a```b', '````a```b````'],
  ])('mdCode: %s', (_label, input, out) => {
    expect(mdCode(input)).toBe(out);
  });
});
