import type { Scope } from '../core/report.js';
import { psQuote } from './powershell.js';

/** The host-side live-migration settings (config `migration:`), with their defaults. */
export interface MigrationSettings {
  networks: string[];
  performance: 'Compression' | 'SMB' | 'TCPIP';
  maxMigrations: number;
}

export const DEFAULT_MIGRATION: MigrationSettings = { networks: [], performance: 'Compression', maxMigrations: 2 };

function comment(text: string): string {
  return `# ${text.replace(/[\x00-\x1F\x7F\u2028\u2029\u0085]/g, '?')}`.trimEnd();
}

/** What runs on each host, in order; every cmdlet stops the script on error, klist is checked by its exit code. */
function settingsBlock(m: MigrationSettings): string[] {
  const nets = m.networks.flatMap((n) => [
    `    if (-not (Get-VMMigrationNetwork | Where-Object { $_.Subnet -eq ${psQuote(n)} })) {`,
    `        Add-VMMigrationNetwork -Subnet ${psQuote(n)}`,
    '    }',
  ]);
  return [
    '$Settings = {',
    "    $ErrorActionPreference = 'Stop'",
    '    Enable-VMMigration',
    `    Set-VMHost -VirtualMachineMigrationAuthenticationType Kerberos -VirtualMachineMigrationPerformanceOption ${m.performance} -MaximumVirtualMachineMigrations ${m.maxMigrations}`,
    ...(m.networks.length ? ['    Set-VMHost -UseAnyNetworkForMigration $false', ...nets] : []),
    '    klist purge -li 0x3e7 | Out-Null',
    "    if ($LASTEXITCODE -ne 0) { throw \"klist purge -li 0x3e7 failed on $env:COMPUTERNAME (exit code $LASTEXITCODE)\" }",
    '}',
  ];
}

/**
 * The part of the classic procedure that is not in AD: one script that enables live migration on every
 * mesh host with Kerberos authentication, the performance option, the number of simultaneous moves and the
 * migration networks, and purges the host's tickets so the new delegation is used without a reboot.
 */
export function renderHyperV(computers: readonly string[], m: MigrationSettings, scope: Scope): string {
  const networks = m.networks.length ? `only ${m.networks.join(', ')} (Set-VMHost -UseAnyNetworkForMigration $false; Add-VMMigrationNetwork)` : 'unchanged (the config names none)';
  const header = [
    'kcdmesh host settings for live migration (Hyper-V module on each host). Review it before running it.',
    `What it does on each of ${computers.length} host${computers.length === 1 ? '' : 's'}, through Invoke-Command -ComputerName, one host after the other:`,
    '  Enable-VMMigration: allows live migration to and from the host;',
    '  Set-VMHost -VirtualMachineMigrationAuthenticationType Kerberos: moves use the constrained delegation kcdmesh configures;',
    `  performance option: ${m.performance}; simultaneous live migrations: ${m.maxMigrations};`,
    `  migration networks: ${networks};`,
    '  klist purge -li 0x3e7: the host drops its own tickets, so it uses the new delegation without a reboot.',
    'It stops at the first error ($ErrorActionPreference = \'Stop\'): the hosts after a failed one are not touched.',
    'Run it as an administrator of the hosts, after kcdmesh apply (the AD side) has replicated.',
    `Planned by kcdmesh ${scope.kcdmeshVersion} at ${scope.time} against ${scope.dc.url}, base ${scope.baseDn}, as ${scope.bindIdentity}.`,
  ];
  const script = [
    '#Requires -Version 5.1',
    ...header.map(comment),
    '',
    "$ErrorActionPreference = 'Stop'",
    '$Computers = @(',
    ...computers.map((c, i) => `    ${psQuote(c)}${i < computers.length - 1 ? ',' : ''}`),
    ')',
    ...settingsBlock(m),
    'foreach ($Computer in $Computers) {',
    '    Write-Host "kcdmesh: live-migration settings on $Computer"',
    '    Invoke-Command -ComputerName $Computer -ScriptBlock $Settings -ErrorAction Stop',
    '}',
    '',
  ].join('\n');
  // As the AD script: Windows PowerShell 5.1 needs a BOM to read a non-ASCII script right.
  return /[^\x00-\x7F]/.test(script) ? `\uFEFF${script}` : script;
}
