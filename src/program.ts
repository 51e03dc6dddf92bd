import { Command, CommanderError, Option } from 'commander';
import type { Connection } from './config/connection.js';
import { escapeForDisplay, escapeUsageText } from './core/escape.js';
import { DEFAULTS, MAX_WAIT_SECONDS, intIn, outputHelp, parseDc, parseList, parseMode, parseOutput, parseSeconds, parseServices } from './config/options.js';
import { outputOf, resolveOptions, type RawFlags } from './config/resolve.js';
import type { Directory } from './directory/directory.js';
import { EXIT, KcdmeshError, PartialWriteError, UsageError, exitCodeOf, type Outcome } from './errors.js';
import type { Context, Hold, Output } from './read/session.js';
import { renderJson } from './render/json.js';
import { chooseStyle } from './render/style.js';
import { wantsJson } from './shell/json-wanted.js';
import { createLogger, type Logger, type RunLogger } from './ui/logger.js';
import type { Prompts } from './ui/prompts.js';
import { VERSION } from './version.js';

/** Everything a run touches outside the pure core. Tests pass their own. */
export interface Io {
  stdout: Output;
  stderr: Output;
  stdinIsTTY: boolean;
  env: NodeJS.ProcessEnv;
  openDirectory(conn: Connection, log: Logger): Promise<Directory>;
  prompts: Prompts;
  /** Set by the shell: an interruption stops new modifies; the write path holds the run while it records. */
  interrupt?: Hold;
}

/** --services, its default shown as it is typed (cifs,Microsoft ...), not as a JSON array. */
function servicesOption(what: string): Option {
  return new Option('--services <list>', `${what}, comma-separated`).argParser(parseServices).default(DEFAULTS.services, DEFAULTS.services.join(','));
}

/** Shown after every --help: what people type first, and what the exit codes mean. */
const HELP_AFTER = `
Examples:
  kcdmesh discover --url ldaps://dc1.example.com --user admin@example.com
  kcdmesh plan HV01 HV02 HV03                      # what apply would change (read-only)
  kcdmesh apply HV01 HV02 HV03 --mode any-protocol  # back up, write, verify
  kcdmesh verify --discover --report report.html   # audit every Hyper-V host, with an HTML report
  kcdmesh verify --config kcdmesh.yaml --operator hv-admin --output junit > verify.xml
  kcdmesh plan --config kcdmesh.yaml --output hyperv > hosts.ps1   # the host-side settings

Exit codes:
  0  done, or in sync (verify: every pair trusted both ways, no critical finding or error)
  1  error (bad input, connection, a refused write: the message names the hosts written and not)
  2  changes pending (plan) or findings (verify); --wait-replication: a DC still behind
  130 / 143 / 129  interrupted (Ctrl-C, SIGTERM, SIGHUP); 141  standard output closed

Connection settings come from flags, then KCDMESH_AUTH, KCDMESH_URL (or KCDMESH_DOMAIN), KCDMESH_USER,
KCDMESH_CA_FILE, KCDMESH_PASSWORD (or --password-file, or a prompt), then the config file. With
--auth kerberos no password is used: your Kerberos ticket signs you in.`;

function connectionOptions(cmd: Command): Command {
  return cmd
    .option('--url <url>', 'domain controller, ldap://dc1.example.com with Kerberos, ldaps://... with a password (env KCDMESH_URL)')
    .option('--auth <method>', 'kerberos (your ticket: kinit, keytab, or the Windows logon) or simple (user and password) (env KCDMESH_AUTH; default simple)')
    .option('--domain <name>', 'find the domain\'s DCs through DNS SRV records instead of --url (env KCDMESH_DOMAIN; with Kerberos: the ticket\'s realm by default)')
    .option('--user <name>', 'simple bind identity: UPN, DN or DOMAIN\\name (env KCDMESH_USER)')
    .option('--password-file <file>', 'read the password from the first line of FILE (else env KCDMESH_PASSWORD, else a prompt)')
    .option('--ca-file <file>', 'PEM CA that signed the DC certificate (env KCDMESH_CA_FILE)')
    .option('--starttls', 'upgrade an ldap:// connection with StartTLS')
    .option('--search-base <dn>', 'where to look for computers (default: the domain)')
    .option('--dc <name>', 'run on this writable DC: "pdc" (the PDC emulator) or a DC\'s name, reached by its dNSHostName', parseDc)
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
    .addOption(servicesOption('service classes to delegate'))
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
    .option('--change-log <file>', 'JSON-lines record of every modify sent (default: changes.log in the backup directory)')
    .option('--wait-replication <seconds>', `after writing, wait until every writable DC holds the change (exit 2 naming those behind when the time is up; 1 to ${MAX_WAIT_SECONDS})`, intIn(1, MAX_WAIT_SECONDS));
}

/** A command: `arg` is its one argument (the backup file, the host); plan, apply and verify find their hosts in `ctx.options.source`. */
type CommandFn = (ctx: Context, arg: string) => Promise<Outcome>;

/** The commands and the session, loaded when a command runs (src/shell/commands.ts): --help and --version load none of them. */
type Commands = typeof import('./shell/commands.js');

/** Run kcdmesh with `argv` (without node and script) against `io`; resolves to the exit code. */
export async function run(argv: readonly string[], io: Io): Promise<number> {
  let json = false;
  let outcome: Outcome = 'clean';
  // The run's logger once made: the final error goes to --log-file as well as to stderr.
  const ran: { log: RunLogger | null } = { log: null };
  const interactive = io.stdinIsTTY && (io.stderr.isTTY ?? false);
  /** Resolve the options once, then hand the command its context; nothing reads the flags after this. */
  const action = (pick: (c: Commands) => CommandFn, mesh = false) => async (...args: unknown[]): Promise<void> => {
    const cmd = args[args.length - 1] as Command;
    const commands: Commands = await import('./shell/commands.js');
    const fn = pick(commands);
    const { directorySession } = commands;
    const flags = cmd.opts<RawFlags>();
    const positional = cmd.processedArgs.flatMap((a: unknown) => (a === undefined ? [] : a)) as string[];
    const options = await resolveOptions(cmd.name(), positional, flags, (key) => cmd.getOptionValueSource(key), io.env);
    const log = await createLogger(io.stderr, options.verbose, options.logFile ?? undefined);
    ran.log = log;
    const ctx: Context = {
      directory: directorySession({ env: io.env, openDirectory: io.openDirectory, prompts: io.prompts, interactive }, options, log),
      prompts: io.prompts,
      out: io.stdout,
      err: io.stderr,
      interactive,
      log,
      ...(io.interrupt ? { interrupt: io.interrupt } : {}),
      style: chooseStyle(io.stdout.isTTY ?? false, io.env),
      options,
    };
    outcome = await fn(ctx, mesh ? '' : positional[0]);
  };
  const program = new Command('kcdmesh')
    .description('Configure and audit Kerberos constrained delegation between Hyper-V hosts for live migration')
    .version(VERSION)
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(escapeUsageText(s)) })
    .showHelpAfterError('(run kcdmesh help <command> for usage)')
    .addHelpText('after', HELP_AFTER)
    .enablePositionalOptions()
    .hook('preAction', (_program, cmd) => {
      // Known before anything can fail, so an early error is still a JSON document with --output json.
      json = cmd.getOptionValue('output') === 'json';
      outputOf(cmd.name(), cmd.opts());
    });

  connectionOptions(program.command('discover').description('list computers that register the migration SPN (Hyper-V hosts)'))
    .action(action((c) => c.discoverCommand));
  meshOptions(program.command('plan').description('show what apply would change; exit 0 in sync, 2 changes pending'))
    .option('-q, --quiet', 'no progress lines on a terminal')
    .action(action((c) => c.planCommand, true));
  writeOptions(meshOptions(program.command('apply').description('back up, write exactly the planned difference, then verify')))
    .action(action((c) => c.applyCommand, true));
  writeOptions(connectionOptions(program.command('rollback').description('undo one apply from its backup file, leaving later changes by others alone')))
    .argument('<backup>', 'the backup file apply wrote')
    .action(action((c) => c.rollbackCommand));
  writeOptions(connectionOptions(program.command('onboard').description('add one host to a mesh, both ways, in one reviewed step')))
    .argument('<host>', 'the new Hyper-V host')
    .option('--peers <list>', 'hosts it will trust both ways (without --config)', parseList)
    .option('--group <name>', 'with --config: the group(s) to join (repeatable)', parseList)
    .option('--config <file>', 'a YAML/JSON baseline with migration groups')
    .addOption(servicesOption('service classes to delegate'))
    .addOption(new Option('--mode <mode>', 'kerberos-only or any-protocol for the new host').argParser(parseMode).default(DEFAULTS.mode))
    .option('--max-values <n>', 'refuse to leave a host with more delegation values than this', intIn(1, 100_000), DEFAULTS.maxValues)
    .action(action((c) => c.onboardCommand));
  writeOptions(connectionOptions(program.command('offboard').description('remove a host from every mesh: nobody delegates to it, foreign values stay')))
    .argument('<host>', 'the host leaving')
    .addOption(servicesOption('service classes kcdmesh manages'))
    .action(action((c) => c.offboardCommand));
  meshOptions(program.command('verify').description('read-only audit; exit 0 every pair trusted both ways, 2 findings. Without --mode (or a mode in --config) each host\'s mode is reported and only hosts that disagree with the mesh are findings'))
    .option('--report <file>', 'also write a self-contained HTML audit report to FILE')
    .option('--all-dcs', 'read the hosts from every writable DC and report what has not replicated everywhere')
    .option('--operator <user>', 'an account that starts migrations: a finding when it cannot be delegated (repeatable)', parseList)
    .option('-q, --quiet', 'no progress lines on a terminal')
    .action(action((c) => c.verifyCommand, true));
  for (const cmd of program.commands) cmd.addHelpText('after', HELP_AFTER);
  for (const cmd of program.commands) cmd.exitOverride().configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(escapeUsageText(s)) });

  try {
    refusePasswordFlag(argv);
    await program.parseAsync([...argv], { from: 'user' });
    return exitCodeOf(outcome);
  } catch (err) {
    // --help and --version end through commander's exit as well, with its code 0.
    if (err instanceof CommanderError) {
      if (err.exitCode === 0) return EXIT.ok;
      // A flag error happens before --output is parsed: read it from the arguments.
      if (json || wantsJson(argv)) io.stdout.write(renderJson('error', { error: { message: escapeForDisplay(err.message.replace(/^error: /, '')), hint: 'run kcdmesh help <command> for usage' } }));
      return EXIT.error;
    }
    if (err instanceof KcdmeshError) {
      if (!json && wantsJson(argv)) json = true;
      io.stderr.write(`kcdmesh: error: ${err.message}\n  hint: ${err.hint}\n`);
      ran.log?.fileOnly('error', `${err.message} (hint: ${err.hint})`);
      // A partly done write names every host's outcome: written, not-written or unknown.
      if (json) io.stdout.write(renderJson('error', { error: { message: err.message, hint: err.hint }, ...(err instanceof PartialWriteError ? { hosts: err.hosts } : {}) }));
      return exitCodeOf(err);
    }
    io.stderr.write(`kcdmesh: internal error (please report it):\n${err instanceof Error ? err.stack : String(err)}\n`);
    ran.log?.fileOnly('error', `internal error (please report it): ${err instanceof Error ? err.stack : String(err)}`);
    if (json || wantsJson(argv)) io.stdout.write(renderJson('error', { error: { message: 'internal error (please report it)', hint: 'run again with -v, and report the stack printed on stderr' } }));
    return exitCodeOf(err);
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
