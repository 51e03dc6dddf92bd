import { firstRepeat, nameKey } from '../core/keys.js';
import { parseHostName, parseHostNames } from '../core/names.js';
import { ownPeerError } from '../core/onboard.js';
import { UsageError } from '../errors.js';
import { checkDomainName } from './dc-source.js';

/**
 * What the command line names, checked before anything connects and whatever other flags are
 * given: every path is a path, every name a name, every list names each thing once, and no host
 * stands in two roles that exclude each other.
 */
export interface Given {
  command: string;
  /** The command's arguments: host names (plan, apply, verify), the host (onboard, offboard), the backup (rollback). */
  positional: readonly string[];
  hosts: readonly string[];
  peers: readonly string[];
  groups: readonly string[];
  operators: readonly string[];
  domain: string | undefined;
  /** Path-valued flags as given, by flag: --backup-dir, --log-file, ... */
  paths: ReadonlyArray<readonly [flag: string, value: string | undefined]>;
  /** Other flags whose value cannot be empty: --url, --user, --search-base, ... */
  values: ReadonlyArray<readonly [flag: string, value: string | undefined]>;
  searchBase: string | undefined;
}

/** An empty path would mean "the current directory" or "no file" without saying so. */
function checkPaths(paths: Given['paths']): void {
  for (const [flag, value] of paths) {
    if (value !== undefined && value.trim() === '') throw new UsageError(`${flag} is empty`, `give ${flag} a path, or leave the flag out`);
  }
}

/** `--group g1,G1`: groups compare as the config's names do, without regard to case. */
function checkOnce(list: readonly string[], what: string, flag: string): void {
  const repeat = firstRepeat(list, nameKey);
  if (repeat) throw new UsageError(`${what} ${JSON.stringify(repeat.item)} is listed twice in ${flag} (also as ${JSON.stringify(repeat.first)})`, `list each ${what} once`);
}

export function checkGiven(g: Given): void {
  checkPaths(g.paths);
  for (const [flag, value] of g.values) {
    if (value !== undefined && value.trim() === '') throw new UsageError(`${flag} is empty`, `give ${flag} a value, or leave the flag out`);
  }
  // The config's rule for a DN: an empty or bare --search-base would quietly mean "the whole domain".
  if (g.searchBase !== undefined && !/^\s*[A-Za-z]+=.+/.test(g.searchBase)) {
    throw new UsageError(`--search-base ${JSON.stringify(g.searchBase)} is not a DN`, 'give a DN such as OU=Hyper-V,DC=example,DC=com, or leave the flag out');
  }
  if (g.command === 'rollback' && g.positional[0]?.trim() === '') throw new UsageError('the backup file is empty', 'give the path of the backup file apply wrote');
  if (g.domain !== undefined) checkDomainName(g.domain, '--domain');
  if (g.command === 'plan' || g.command === 'apply' || g.command === 'verify') parseHostNames([...g.positional, ...g.hosts]);
  const [arg] = g.positional;
  if (g.command === 'offboard' && arg !== undefined) parseHostName(arg);
  if (g.command === 'onboard') {
    const host = arg === undefined ? null : parseHostName(arg);
    const peers = parseHostNames(g.peers);
    const self = host && peers.find((p) => p.kind === host.kind && p.key === host.key);
    if (host && self) throw ownPeerError(host.input, self.input);
    checkOnce(g.groups, 'group', '--group');
  }
  checkOnce(g.operators, 'operator', '--operator');
}
