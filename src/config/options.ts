import { InvalidArgumentError } from 'commander';
import { MODES } from '../core/mode.js';
import { DEFAULT_SERVICES } from '../core/spn.js';
import type { Mode } from '../core/types.js';

/** Option parsers: bad flags are refused by commander before anything connects. */
export function parseMode(value: string): Mode {
  if (!(MODES as readonly string[]).includes(value)) throw new InvalidArgumentError(`expected one of ${MODES.join(', ')}.`);
  return value as Mode;
}

export function parseServices(value: string): string[] {
  const services = value.split(',').map((s) => s.trim());
  for (const s of services) {
    if (s === '') throw new InvalidArgumentError('empty service name; give a comma-separated list such as "cifs,Microsoft Virtual System Migration Service".');
    if (/[/\\*()\u0000]/.test(s)) throw new InvalidArgumentError(`${JSON.stringify(s)} is not a service class (no /, \\, * or parentheses): give "cifs", not "cifs/HV01".`);
  }
  const unique = [...new Map(services.map((s) => [s.toLowerCase(), s])).values()];
  return unique;
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

export function parseSeconds(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0 || n > 3600) throw new InvalidArgumentError('expected seconds, more than 0 and at most 3600.');
  return n;
}

export function parseOutput(value: string): 'text' | 'json' {
  if (value !== 'text' && value !== 'json') throw new InvalidArgumentError('expected text or json.');
  return value;
}

export const DEFAULTS = {
  services: [...DEFAULT_SERVICES],
  mode: 'kerberos-only' as Mode,
  maxValues: 1200,
  parallel: 4,
  timeoutSeconds: 30,
  backupDir: 'kcdmesh-backups',
};
