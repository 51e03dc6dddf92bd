import { join } from 'node:path';
import type { DcChoice } from '../core/dcs.js';
import { nameKey, uniqueBy } from '../core/keys.js';
import type { Policy } from '../core/types.js';
import { UsageError } from '../errors.js';
import type { Baseline } from './baseline.js';
import type { ConnectionFlags } from './connection.js';
import { checkDomainName } from './dc-source.js';
import { checkGiven } from './given.js';
import { DEFAULTS, checkOutput, type OutputFormat } from './options.js';

/** Which hosts make the mesh: names (positional and --hosts) or --discover, never both. */
export interface HostSelection {
  names: string[];
  discover: boolean;
  /** plan and apply: disabled computers are refused (named) or left out (discovered); verify reports them. */
  forWrite: boolean;
}

/** Where the wanted state comes from: hosts named on the command line (or discovered), or a config file. */
export type Source =
  | { kind: 'hosts'; selection: HostSelection; policy: Policy }
  | { kind: 'config'; baseline: Baseline; prune: boolean; forWrite: boolean };

export interface SafetyOptions {
  backupDir: string;
  changeLog: string;
  /** --log-file: written during the run too, so checked writable with the records before the first modify. */
  logFile: string | null;
  /** KCDMESH_BACKUP_KEY_FILE: the key that seals backups (never the key itself); null: unsealed. */
  keyFile: string | null;
}

/** apply, rollback, onboard, offboard: confirmation, parallelism, and where the records go. */
export interface WriteOptions {
  yes: boolean;
  parallel: number;
  safety: SafetyOptions;
  /** --wait-replication: seconds to wait for every writable DC to hold the change; null: no wait. */
  waitReplication: number | null;
}

/** Everything a command is told, merged once from flags, environment, config file and defaults. */
export interface Options {
  command: string;
  output: OutputFormat;
  /** -v count: debug lines on stderr from 1. */
  verbose: number;
  logFile: string | null;
  connection: ConnectionFlags;
  /** --dc: the DC the whole run uses (the PDC emulator, or one by name); null: the one connected to. */
  dc: DcChoice | null;
  /** Where to look for computers; null: the domain the DC serves. */
  searchBase: string | null;
  /** Print the number of LDAP requests sent, on stderr. */
  stats: boolean;
  quiet: boolean;
  /** plan, apply, verify: the wanted state. */
  source: Source | null;
  /** The policy flags (services, mode, budget), or the config's. */
  policy: Policy;
  baseline: Baseline | null;
  write: WriteOptions;
  /** verify: the HTML report file, and whether every writable DC is read. */
  report: string | null;
  allDcs: boolean;
  /** verify: enforce the policy's mode (--mode or a mode in the config); otherwise only hosts that disagree are findings. */
  enforceMode: boolean;
  /** verify: the accounts that start migrations (--operator, and the config's operators:). */
  operators: string[];
  /** onboard: peers by name, or groups of the config. */
  peers: string[];
  groups: string[];
}

/** The flags as commander parsed them: read here and nowhere else. */
export interface RawFlags extends ConnectionFlags {
  output: OutputFormat;
  verbose: number;
  logFile?: string;
  searchBase?: string;
  stats?: boolean;
  quiet?: boolean;
  hosts?: string[];
  discover?: boolean;
  services: string[];
  mode: Policy['mode'];
  maxValues: number;
  config?: string;
  prune?: boolean;
  yes?: boolean;
  parallel: number;
  backupDir?: string;
  changeLog?: string;
  waitReplication?: number;
  dc?: DcChoice;
  report?: string;
  allDcs?: boolean;
  operator?: string[];
  peers?: string[];
  group?: string[];
}

/** Where commander took a value from: 'cli', 'default', ... */
export type ValueSource = (key: string) => string | undefined;

const POLICY_FLAGS = [
  ['services', '--services'],
  ['mode', '--mode'],
  ['maxValues', '--max-values'],
] as const;

/** Commands whose wanted state is a source: hosts named (or discovered), or a config file. */
const MESH_COMMANDS = new Set(['plan', 'apply', 'verify']);

/**
 * The connection: a flag, then the KCDMESH_* variable, then the config file. The password is not
 * here: it is read from its file, variable or prompt only when the directory is opened.
 */
function connectionOf(flags: RawFlags, from: ValueSource, env: NodeJS.ProcessEnv, b: Baseline | null): { connection: ConnectionFlags; searchBase: string | null } {
  const c = b?.connection ?? {};
  const cli = (key: string): boolean => from(key) === 'cli';
  // --domain beats a URL from the environment or the config; a URL (flag, variable or config) beats KCDMESH_DOMAIN.
  const url = flags.domain ? flags.url : (flags.url ?? env.KCDMESH_URL ?? c.url);
  const domain = flags.domain ?? (url ? undefined : env.KCDMESH_DOMAIN);
  if (domain !== undefined && flags.domain === undefined && domain !== '') checkDomainName(domain, 'KCDMESH_DOMAIN');
  return {
    connection: {
      url,
      domain,
      auth: flags.auth ?? env.KCDMESH_AUTH,
      user: flags.user ?? env.KCDMESH_USER ?? c.user,
      passwordFile: flags.passwordFile,
      // An empty variable is an unset one (as KCDMESH_BACKUP_KEY_FILE): it never means "no CA" over the config's.
      caFile: flags.caFile ?? (env.KCDMESH_CA_FILE || undefined) ?? c.caFile,
      starttls: flags.starttls ?? c.starttls,
      insecurePlaintext: flags.insecurePlaintext,
      insecureSkipVerify: flags.insecureSkipVerify,
      timeout: cli('timeout') || c.timeout === undefined ? (flags.timeout ?? DEFAULTS.timeoutSeconds) : c.timeout,
    },
    searchBase: flags.searchBase ?? c.searchBase ?? null,
  };
}

/**
 * The wanted state: hosts from the command line, or a config file. With --config the file is the
 * baseline: host names, --discover and the policy flags are refused rather than silently merged.
 */
async function baselineOf(positional: readonly string[], flags: RawFlags, from: ValueSource): Promise<Baseline | null> {
  if (flags.config === undefined) {
    if (flags.prune) throw new UsageError('--prune works with --config', 'pruning needs the groups of a config file to know what is wanted');
    return null;
  }
  if (positional.length || flags.hosts?.length || flags.discover) throw new UsageError('both --config and host names (or --discover) given', 'list the hosts in the config\'s groups, or drop --config');
  const given = POLICY_FLAGS.filter(([key]) => from(key) === 'cli').map(([, flag]) => flag);
  if (given.length) throw new UsageError(`${given.join(', ')} cannot be combined with --config`, 'set services, mode and maxValues in the config file');
  // zod and yaml (about 170 modules, 100 ms to load) only when a config file is given.
  const { loadBaseline } = await import('./baseline.js');
  return loadBaseline(flags.config);
}

/** Check the output format first: an early error is then still a JSON document with --output json. */
export function outputOf(command: string, flags: { output?: OutputFormat }): OutputFormat {
  return checkOutput(command, flags.output ?? 'text');
}

/** Merge flags, environment, config file and defaults into the one value every command reads. */
export async function resolveOptions(command: string, args: readonly string[], flags: RawFlags, from: ValueSource, env: NodeJS.ProcessEnv): Promise<Options> {
  const output = outputOf(command, flags);
  checkGiven({
    command,
    positional: args,
    hosts: flags.hosts ?? [],
    peers: flags.peers ?? [],
    groups: flags.group ?? [],
    operators: flags.operator ?? [],
    domain: flags.domain,
    values: [['--url', flags.url], ['--user', flags.user], ['--auth', flags.auth]],
    searchBase: flags.searchBase,
    paths: [['--config', flags.config], ['--backup-dir', flags.backupDir], ['--change-log', flags.changeLog], ['--log-file', flags.logFile], ['--report', flags.report], ['--password-file', flags.passwordFile], ['--ca-file', flags.caFile]],
  });
  // Host names are the arguments of plan, apply and verify; onboard, offboard and rollback take one of their own.
  const positional = MESH_COMMANDS.has(command) ? args : [];
  const baseline = await baselineOf(positional, flags, from);
  const { connection, searchBase } = connectionOf(flags, from, env, baseline);
  const policy: Policy = baseline
    ? { services: baseline.services, mode: baseline.mode as Policy['mode'], maxValues: baseline.maxValues }
    : { services: flags.services ?? DEFAULTS.services, mode: flags.mode ?? DEFAULTS.mode, maxValues: flags.maxValues ?? DEFAULTS.maxValues };
  const forWrite = command !== 'verify';
  let source: Source | null = null;
  if (MESH_COMMANDS.has(command)) {
    source = baseline
      ? { kind: 'config', baseline, prune: flags.prune ?? false, forWrite }
      : { kind: 'hosts', selection: { names: [...positional, ...(flags.hosts ?? [])], discover: flags.discover ?? false, forWrite }, policy };
  }
  if (command === 'onboard') {
    if (!baseline && flags.group?.length) throw new UsageError('--group works with --config', 'give the config that defines the group, or name peers with --peers');
    if (baseline && flags.peers?.length) throw new UsageError('--peers cannot be combined with --config', 'with a config, pick peers through --group');
  }
  // An empty KCDMESH_BACKUP_DIR is an unset one: never the current directory.
  const backupDir = flags.backupDir ?? (env.KCDMESH_BACKUP_DIR || DEFAULTS.backupDir);
  return {
    command,
    output,
    verbose: flags.verbose ?? 0,
    logFile: flags.logFile ?? null,
    connection,
    dc: flags.dc ?? null,
    searchBase,
    stats: flags.stats ?? false,
    quiet: flags.quiet ?? false,
    source,
    // offboard manages the services it is given; its mode and budget are the defaults.
    policy: command === 'offboard' ? { ...policy, mode: DEFAULTS.mode, maxValues: DEFAULTS.maxValues } : policy,
    baseline,
    write: {
      yes: flags.yes ?? false,
      parallel: flags.parallel ?? DEFAULTS.parallel,
      safety: { backupDir, changeLog: flags.changeLog ?? join(backupDir, 'changes.log'), logFile: flags.logFile ?? null, keyFile: env.KCDMESH_BACKUP_KEY_FILE || null },
      waitReplication: flags.waitReplication ?? null,
    },
    report: flags.report ?? null,
    allDcs: flags.allDcs ?? false,
    enforceMode: baseline ? baseline.modeGiven === true : from('mode') === 'cli',
    // Each list names an operator once (checked); one named in both the flag and the config is read once.
    operators: uniqueBy([...(flags.operator ?? []), ...(baseline?.operators ?? [])], nameKey),
    peers: flags.peers ?? [],
    groups: flags.group ?? [],
  };
}
