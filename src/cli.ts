#!/usr/bin/env node
import { run } from './program.js';
import { Interrupter, stopLine, type StopReason } from './shell/interrupt.js';
import { inquirerPrompts } from './ui/prompts.js';

/** After an interruption, how long the write path may take to record what it sent before the process ends anyway. */
const GRACE_MS = 15_000;

const interrupter = new Interrupter();
const say = (line: string): void => {
  try {
    process.stderr.write(`${line}\n`);
  } catch {
    // stderr gone too: the exit code is all that is left to say it.
  }
};

function stop(reason: StopReason): void {
  if (interrupter.interrupt(reason) === 'again') process.exit(interrupter.exitCode!);
  say(stopLine(reason, interrupter.held));
  if (!interrupter.held) process.exit(interrupter.exitCode!);
  void interrupter.released().then(() => setTimeout(() => process.exit(interrupter.exitCode!), 2_000).unref());
  setTimeout(() => {
    say(`kcdmesh: the record of the hosts sent did not finish in ${GRACE_MS / 1000} s; see the write-ahead record beside the backup`);
    process.exit(interrupter.exitCode!);
  }, GRACE_MS).unref();
}

for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(sig, () => stop(sig));
// `kcdmesh ... | head`: the reader went away. Without a listener the EPIPE is an unhandled 'error' event.
// Later writes to the dead stream fail again: only the first failure counts, so a held run still records.
process.stdout.on('error', () => {
  if (!interrupter.reason) stop('EPIPE');
});
process.stderr.on('error', () => undefined);

let settled = false;
// The event loop ran dry with the run unfinished: input ended (Ctrl-D at a prompt) and nothing can answer.
process.once('beforeExit', () => {
  if (settled) return;
  say('kcdmesh: error: input ended (Ctrl-D) before an answer was given; nothing was written\n  hint: run the command again and answer the prompt, or pass what it asks for (--yes, KCDMESH_PASSWORD, --password-file)');
  process.exit(1);
});

const code = await run(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  stdinIsTTY: process.stdin.isTTY ?? false,
  env: process.env,
  // ldapts with the commands, the Kerberos bind only for a Kerberos bind: not for --help, --version or a flag error.
  openDirectory: async (conn, log) => (await import('./shell/commands.js')).openLdapDirectory(conn, log),
  prompts: inquirerPrompts,
  interrupt: interrupter,
});
settled = true;
process.exitCode = interrupter.exitCode ?? code;
