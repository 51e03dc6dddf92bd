import { describe, expect, it } from '@jest/globals';
import { DEFAULT_MIGRATION, renderHyperV } from '../../../src/render/hyperv.js';
import { lines, SCOPE } from '../render-fixtures.js';

const HEADER = (n: number, performance: string, max: number, networks: string) => [
  '#Requires -Version 5.1',
  '# kcdmesh host settings for live migration (Hyper-V module on each host). Review it before running it.',
  `# What it does on each of ${n} hosts, through Invoke-Command -ComputerName, one host after the other:`,
  '#   Enable-VMMigration: allows live migration to and from the host;',
  '#   Set-VMHost -VirtualMachineMigrationAuthenticationType Kerberos: moves use the constrained delegation kcdmesh configures;',
  `#   performance option: ${performance}; simultaneous live migrations: ${max};`,
  `#   migration networks: ${networks};`,
  '#   klist purge -li 0x3e7: the host drops its own tickets, so it uses the new delegation without a reboot.',
  "# It stops at the first error ($ErrorActionPreference = 'Stop'): the hosts after a failed one are not touched.",
  '# Run it as an administrator of the hosts, after kcdmesh apply (the AD side) has replicated.',
  '# Planned by kcdmesh 0.1.0 at 2026-11-21T10:15:00.000Z against ldaps://dc1.lab.test, base DC=lab,DC=test, as admin@lab.test.',
  '',
  "$ErrorActionPreference = 'Stop'",
];

const LOOP = [
  'foreach ($Computer in $Computers) {',
  '    Write-Host "kcdmesh: live-migration settings on $Computer"',
  '    Invoke-Command -ComputerName $Computer -ScriptBlock $Settings -ErrorAction Stop',
  '}',
];

describe('renderHyperV', () => {
  it('enables live migration with Kerberos, Compression and 2 moves by default, leaving networks alone', () => {
    expect(renderHyperV(['hv01.lab.test', 'hv02.lab.test'], DEFAULT_MIGRATION, SCOPE)).toBe(lines(
      ...HEADER(2, 'Compression', 2, 'unchanged (the config names none)'),
      '$Computers = @(',
      "    'hv01.lab.test',",
      "    'hv02.lab.test'",
      ')',
      '$Settings = {',
      "    $ErrorActionPreference = 'Stop'",
      '    Enable-VMMigration',
      '    Set-VMHost -VirtualMachineMigrationAuthenticationType Kerberos -VirtualMachineMigrationPerformanceOption Compression -MaximumVirtualMachineMigrations 2',
      '    klist purge -li 0x3e7 | Out-Null',
      '    if ($LASTEXITCODE -ne 0) { throw "klist purge -li 0x3e7 failed on $env:COMPUTERNAME (exit code $LASTEXITCODE)" }',
      '}',
      ...LOOP,
    ));
  });

  it('sets the configured performance option, count and migration networks, and uses no other network', () => {
    const script = renderHyperV(['hv01.lab.test'], { networks: ['10.10.0.0/24', 'fd00:10::/64'], performance: 'SMB', maxMigrations: 4 }, SCOPE);
    expect(script).toBe(lines(
      ...HEADER(1, 'SMB', 4, 'only 10.10.0.0/24, fd00:10::/64 (Set-VMHost -UseAnyNetworkForMigration $false; Add-VMMigrationNetwork)').map((l) => l.replace('each of 1 hosts', 'each of 1 host')),
      '$Computers = @(',
      "    'hv01.lab.test'",
      ')',
      '$Settings = {',
      "    $ErrorActionPreference = 'Stop'",
      '    Enable-VMMigration',
      '    Set-VMHost -VirtualMachineMigrationAuthenticationType Kerberos -VirtualMachineMigrationPerformanceOption SMB -MaximumVirtualMachineMigrations 4',
      '    Set-VMHost -UseAnyNetworkForMigration $false',
      "    if (-not (Get-VMMigrationNetwork | Where-Object { $_.Subnet -eq '10.10.0.0/24' })) {",
      "        Add-VMMigrationNetwork -Subnet '10.10.0.0/24'",
      '    }',
      "    if (-not (Get-VMMigrationNetwork | Where-Object { $_.Subnet -eq 'fd00:10::/64' })) {",
      "        Add-VMMigrationNetwork -Subnet 'fd00:10::/64'",
      '    }',
      '    klist purge -li 0x3e7 | Out-Null',
      '    if ($LASTEXITCODE -ne 0) { throw "klist purge -li 0x3e7 failed on $env:COMPUTERNAME (exit code $LASTEXITCODE)" }',
      '}',
      ...LOOP,
    ));
  });

  it('quotes host names as the AD script does: nothing inside a single-quoted string is expanded', () => {
    const script = renderHyperV(["hv'01.lab.test", 'hv$(x).lab.test'], DEFAULT_MIGRATION, SCOPE);
    expect(script).toContain("    'hv''01.lab.test',\n    'hv$(x).lab.test'\n)");
  });
});
