import { InvalidArgumentError } from 'commander';
import { parseDcChoice, type DcChoice } from '../core/dcs.js';
import { firstRepeat, serviceKey } from '../core/keys.js';
import { MODES } from '../core/mode.js';
import { serviceClassProblem } from '../core/service-name.js';
import { DEFAULT_SERVICES } from '../core/spn.js';
import type { Mode } from '../core/types.js';
import { UsageError } from '../errors.js';
import { OUTPUT_FORMATS, type OutputFormat } from '../render/formats.js';

/** Option parsers: bad flags are refused by commander before anything connects. */
export function parseMode(value: string): Mode {
  if (!(MODES as readonly string[]).includes(value)) throw new InvalidArgumentError(`expected one of ${MODES.join(', ')}.`);
  return value as Mode;
}

export function parseServices(value: string): string[] {
  const services = value.split(',').map((s) => s.trim());
  for (const s of services) {
    if (s === '') throw new InvalidArgumentError('empty service name; give a comma-separated list such as "cifs,Microsoft Virtual System Migration Service".');
    // Strict, before the name can become part of a value: `cifs\nldap` would otherwise be written as one.
    const problem = serviceClassProblem(s);
    if (problem) throw new InvalidArgumentError(`${JSON.stringify(s)} is not a service class: ${problem}.`);
  }
  // Service classes compare without regard to case: "cifs,CIFS" names one service twice.
  const repeat = firstRepeat(services, serviceKey);
  if (repeat) throw new InvalidArgumentError(`service ${JSON.stringify(repeat.item)} is listed twice (also as ${JSON.stringify(repeat.first)}); list each service once.`);
  return services;
}

export function parseList(value: string, previous: string[] = []): string[] {
  return [...previous, ...value.split(',').map((s) => s.trim()).filter((s) => s !== '')];
}

export function intIn(min: number, max: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!/^\d+$/.test(value.trim()) || n < min || n > max) throw new InvalidArgumentError(`expected a whole number from ${min} to ${max}.`);
    return n;
  };
}

/** --dc: `pdc`, or a DC's name (checked against the writable DCs once connected). */
export function parseDc(value: string): DcChoice {
  const choice = parseDcChoice(value);
  if (!choice) throw new InvalidArgumentError('give "pdc" (the PDC emulator) or the name of a writable DC (a NetBIOS name of at most 15 characters, or its DNS name).');
  return choice;
}

/** The longest --wait-replication: longer than the default intersite schedule (3 hours) would ever need. */
export const MAX_WAIT_SECONDS = 6 * 3600;

export function parseSeconds(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0 || n > 3600) throw new InvalidArgumentError('expected seconds, more than 0 and at most 3600.');
  return n;
}

export { OUTPUT_FORMATS, type OutputFormat } from '../render/formats.js';

/** What each command can write on stdout; a command not listed writes text or json. */
const COMMAND_OUTPUTS: Record<string, readonly OutputFormat[]> = {
  plan: ['text', 'json', 'markdown', 'ldif', 'powershell', 'hyperv'],
  verify: ['text', 'json', 'junit', 'markdown'],
};

export function outputsFor(command: string): readonly OutputFormat[] {
  return COMMAND_OUTPUTS[command] ?? ['text', 'json'];
}

const or = (list: readonly string[]): string => (list.length < 2 ? list.join('') : `${list.slice(0, -1).join(', ')} or ${list[list.length - 1]}`);

/** Any format some command writes; which command writes which is checked by checkOutput. */
export function parseOutput(value: string): OutputFormat {
  if (!(OUTPUT_FORMATS as readonly string[]).includes(value)) throw new InvalidArgumentError(`expected ${or(OUTPUT_FORMATS)}.`);
  return value as OutputFormat;
}

/** Refuse a format the command does not write (plan --output junit), before anything connects. */
export function checkOutput(command: string, format: OutputFormat): OutputFormat {
  const allowed = outputsFor(command);
  if (!allowed.includes(format)) {
    throw new UsageError(`--output ${format} is not available for ${command}`, `${command} writes ${or(allowed)}`);
  }
  return format;
}

export function outputHelp(command: string): string {
  return or(outputsFor(command));
}

export const DEFAULTS = {
  services: [...DEFAULT_SERVICES],
  mode: 'kerberos-only' as Mode,
  maxValues: 1200,
  parallel: 4,
  timeoutSeconds: 30,
  /** --wait-replication: seconds between two rounds of reads of the other DCs. */
  pollSeconds: 2,
  backupDir: 'kcdmesh-backups',
};
