import { Command, CommanderError, Option } from 'commander';
import { join } from 'node:path';
import { applyCommand, type WriteOptions } from './commands/apply.js';
import { rollbackCommand } from './commands/rollback.js';
import { offboardCommand } from './commands/offboard.js';
import { onboardCommand } from './commands/onboard.js';
import type { Context, Io, Outcome } from './commands/context.js';
import { discoverCommand } from './commands/discover.js';
import { planCommand } from './commands/plan.js';
import { verifyCommand } from './commands/verify.js';
import { DEFAULTS, checkOutput, intIn, outputHelp, parseList, parseMode, parseOutput, parseSeconds, parseServices, type OutputFormat } from './config/options.js';
import type { Policy } from './core/types.js';
import { escapeForDisplay, escapeUsageText } from './core/escape.js';
import { wantsJson } from './shell/json-wanted.js';
import { KcdmeshError, UsageError } from './errors.js';
import { sourceFromFlags, type MeshFlags } from './config/from-flags.js';
import { renderJson } from './render/json.js';
import { chooseStyle } from './render/style.js';
import { createLogger } from './ui/logger.js';

import { VERSION } from './version.js';

/** Exit codes, decided here and nowhere else. */
export const EXIT = { ok: 0, error: 1, pending: 2 } as const;

interface RawFlags extends MeshFlags {
  verbose: number;
  logFile?: string;
  yes?: boolean;
  parallel: number;
  backupDir?: string;
  changeLog?: string;
  report?: string;
  allDcs?: boolean;
  quiet?: boolean;
}

function connectionOptions(cmd: Command): Command {
  return cmd
    .option('--url <url>', 'domain controller, ldaps://dc1.example.com (env KCDMESH_URL)')
    .option('--user <name>', 'bind identity: UPN, DN or DOMAIN\\name (env KCDMESH_USER)')
    .option('--password-file <file>', 'read the password from the first line of FILE (else env KCDMESH_PASSWORD, else a prompt)')
    .option('--ca-file <file>', 'PEM CA that signed the DC certificate (env KCDMESH_CA_FILE)')
    .option('--starttls', 'upgrade an ldap:// connection with StartTLS')
    .option('--search-base <dn>', 'where to look for computers (default: the domain)')
    .option('--timeout <seconds>', 'give up on the DC after this long', parseSeconds, DEFAULTS.timeoutSeconds)
    .addOption(new Option('--insecure-plaintext', 'allow a simple bind over unencrypted ldap:// (warned on every run)').hideHelp())
    .addOption(new Option('--insecure-skip-verify', 'do not verify the DC certificate (warned on every run)').hideHelp())
    .addOption(new Option('-o, --output <format>', outputHelp(cmd.name())).argParser(parseOutput).default('text'))
    .option('--stats', 'print the number of LDAP requests sent (stderr)')
    .option('--log-file <file>', 'also write every log line, debug included, with timestamps to FILE')
    .option('-v, --verbose', 'more detail on stderr (repeatable)', (_v: string, n: number) => n + 1, 0);
}

function meshOptions(cmd: Command): Command {
  return connectionOptions(cmd)
    .argument('[hosts...]', 'NetBIOS names or FQDNs of the mesh hosts')
    .option('--hosts <list>', 'comma-separated host names (adds to the positional ones)', parseList)
    .option('--discover', 'take every computer that registers the migration SPN under --search-base')
    .option('--services <list>', 'service classes to delegate', parseServices, DEFAULTS.services)
    .addOption(new Option('--mode <mode>', 'kerberos-only ("Use Kerberos only") or any-protocol ("Use any authentication protocol")').argParser(parseMode).default(DEFAULTS.mode))
    .option('--max-values <n>', 'refuse to leave a host with more delegation values than this', intIn(1, 100_000), DEFAULTS.maxValues)
    .option('--config <file>', 'a YAML/JSON baseline: connection, policy, migration groups and storage targets')
    .option('--prune', 'with --config: also remove managed values pointing at Hyper-V hosts that left a group, or at nothing');
}

/** apply and rollback: confirmation, parallelism, and where backups and the change log go. */
function writeOptions(cmd: Command): Command {
  return cmd
    .option('-y, --yes', 'do not ask for confirmation')
    .option('--parallel <n>', 'hosts written at once', intIn(1, 32), DEFAULTS.parallel)
    .option('--backup-dir <dir>', `where the backup of every touched host is written before any change (env KCDMESH_BACKUP_DIR; default ./${DEFAULTS.backupDir})`)
    .option('--change-log <file>', 'JSON-lines record of every modify sent (default: changes.log in the backup directory)');
}

function writeFlags(flags: RawFlags, env: NodeJS.ProcessEnv): WriteOptions {
  const backupDir = flags.backupDir ?? env.KCDMESH_BACKUP_DIR ?? DEFAULTS.backupDir;
  return {
    yes: flags.yes ?? false,
    parallel: flags.parallel,
    safety: { backupDir, changeLog: flags.changeLog ?? join(backupDir, 'changes.log') },
  };
}

function policy(flags: RawFlags): Policy {
  return { services: flags.services, mode: flags.mode, maxValues: flags.maxValues };
}

/** Run kcdmesh with `argv` (without node and script) against `io`; resolves to the exit code. */
export async function run(argv: readonly string[], io: Io): Promise<number> {
  let output = 'text' as 'text' | 'json';
  let outcome: Outcome = 'clean';
  let format: OutputFormat = 'text';
  const views = (flags: RawFlags) => ({ output: format, report: flags.report, quiet: flags.quiet ?? false, allDcs: flags.allDcs ?? false });
  const context = (flags: RawFlags): Context => {
    output = flags.output;
    const log = createLogger(io.stderr, flags.verbose, flags.logFile);
    return { io, log, style: chooseStyle(io.stdout.isTTY ?? false, io.env), flags };
  };
  const program = new Command('kcdmesh')
    .description('Configure and audit Kerberos constrained delegation between Hyper-V hosts for live migration')
    .version(VERSION)
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(escapeUsageText(s)) })
    .showHelpAfterError('(run kcdmesh help <command> for usage)')
    .enablePositionalOptions()
    .hook('preAction', (_program, cmd) => {
      // Known before anything can fail, so an early error is still a JSON document with --output json.
      if (cmd.getOptionValue('output') === 'json') output = 'json';
      format = checkOutput(cmd.name(), cmd.getOptionValue('output') as OutputFormat);
      // Only plan and verify write more than text and json, and they are given `format` itself.
      cmd.setOptionValue('output', format === 'json' ? 'json' : 'text');
    });

  connectionOptions(program.command('discover').description('list computers that register the migration SPN (Hyper-V hosts)'))
    .action(async (flags: RawFlags) => { outcome = await discoverCommand(context(flags)); });
  meshOptions(program.command('plan').description('show what apply would change; exit 0 in sync, 2 changes pending'))
    .option('-q, --quiet', 'no progress lines on a terminal')
    .action(async (hosts: string[], flags: RawFlags, cmd: Command) => {
      const source = await sourceFromFlags(hosts, flags, cmd, io.env, true);
      outcome = await planCommand(context(flags), source, views(flags));
    });
  writeOptions(meshOptions(program.command('apply').description('back up, write exactly the planned difference, then verify')))
    .action(async (hosts: string[], flags: RawFlags, cmd: Command) => {
      const source = await sourceFromFlags(hosts, flags, cmd, io.env, true);
      outcome = await applyCommand(context(flags), source, writeFlags(flags, io.env));
    });
  writeOptions(connectionOptions(program.command('rollback').description('undo one apply from its backup file, leaving later changes by others alone')))
    .argument('<backup>', 'the backup file apply wrote')
    .action(async (file: string, flags: RawFlags) => { outcome = await rollbackCommand(context(flags), file, writeFlags(flags, io.env)); });
  writeOptions(connectionOptions(program.command('onboard').description('add one host to a mesh, both ways, in one reviewed step')))
    .argument('<host>', 'the new Hyper-V host')
    .option('--peers <list>', 'hosts it will trust both ways (without --config)', parseList)
    .option('--group <name>', 'with --config: the group(s) to join (repeatable)', parseList)
    .option('--config <file>', 'a YAML/JSON baseline with migration groups')
    .option('--services <list>', 'service classes to delegate', parseServices, DEFAULTS.services)
    .addOption(new Option('--mode <mode>', 'kerberos-only or any-protocol for the new host').argParser(parseMode).default(DEFAULTS.mode))
    .option('--max-values <n>', 'refuse to leave a host with more delegation values than this', intIn(1, 100_000), DEFAULTS.maxValues)
    .action(async (host: string, flags: RawFlags & { peers?: string[]; group?: string[] }, cmd: Command) => {
      const source = await sourceFromFlags([], flags, cmd, io.env, true);
      const baseline = source.kind === 'config' ? source.baseline : null;
      if (!baseline && flags.group?.length) throw new UsageError('--group works with --config', 'give the config that defines the group, or name peers with --peers');
      if (baseline && flags.peers?.length) throw new UsageError('--peers cannot be combined with --config', 'with a config, pick peers through --group');
      outcome = await onboardCommand(context(flags), { host, peers: flags.peers ?? [], groups: flags.group ?? [], baseline, policy: policy(flags) }, writeFlags(flags, io.env));
    });
  writeOptions(connectionOptions(program.command('offboard').description('remove a host from every mesh: nobody delegates to it, foreign values stay')))
    .argument('<host>', 'the host leaving')
    .option('--services <list>', 'service classes kcdmesh manages', parseServices, DEFAULTS.services)
    .action(async (host: string, flags: RawFlags) => {
      const managed = { services: flags.services, mode: DEFAULTS.mode, maxValues: DEFAULTS.maxValues };
      outcome = await offboardCommand(context(flags), host, managed, writeFlags(flags, io.env));
    });
  meshOptions(program.command('verify').description('read-only audit; exit 0 every pair trusted both ways, 2 findings'))
    .option('--report <file>', 'also write a self-contained HTML audit report to FILE')
    .option('--all-dcs', 'read the hosts from every writable DC and report what has not replicated everywhere')
    .option('-q, --quiet', 'no progress lines on a terminal')
    .action(async (hosts: string[], flags: RawFlags, cmd: Command) => {
      const source = await sourceFromFlags(hosts, flags, cmd, io.env, false);
      outcome = await verifyCommand(context(flags), source, views(flags));
    });
  for (const cmd of program.commands) cmd.exitOverride().configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(escapeUsageText(s)) });

  try {
    refusePasswordFlag(argv);
    await program.parseAsync([...argv], { from: 'user' });
    return outcome === 'clean' ? EXIT.ok : EXIT.pending;
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.exitCode === 0) return EXIT.ok;
      // A flag error happens before --output is parsed: read it from the arguments.
      if (output === 'json' || wantsJson(argv)) io.stdout.write(renderJson('error', { error: { message: escapeForDisplay(err.message.replace(/^error: /, '')), hint: 'run kcdmesh help <command> for usage' } }));
      return EXIT.error;
    }
    if (err instanceof KcdmeshError) {
      if (output !== 'json' && wantsJson(argv)) output = 'json';
      io.stderr.write(`kcdmesh: error: ${err.message}\n  hint: ${err.hint}\n`);
      if (output === 'json') io.stdout.write(renderJson('error', { error: { message: err.message, hint: err.hint } }));
      return err.exitCode;
    }
    io.stderr.write(`kcdmesh: internal error (please report it):\n${err instanceof Error ? err.stack : String(err)}\n`);
    if (output === 'json' || wantsJson(argv)) io.stdout.write(renderJson('error', { error: { message: 'internal error (please report it)', hint: 'run again with -v, and report the stack printed on stderr' } }));
    return EXIT.error;
  } finally {
    // winston writes on a later tick: let the last log lines out before the caller exits.
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** A password on the command line is visible to every user of the machine: refuse it outright. */
function refusePasswordFlag(argv: readonly string[]): void {
  if (argv.some((a) => a === '--password' || a.startsWith('--password='))) {
    throw new UsageError('--password is not accepted: a password in the arguments is visible to other users of the machine', 'set KCDMESH_PASSWORD, or pass --password-file FILE, or let kcdmesh ask on the terminal');
  }
}
