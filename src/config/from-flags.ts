import type { Command } from 'commander';
import type { CommonFlags } from '../commands/context.js';
import type { HostSelection } from '../commands/mesh.js';
import type { Source } from '../commands/source.js';
import type { Mode } from '../core/types.js';
import { UsageError } from '../errors.js';
import type { Baseline } from './baseline.js';

/** What the mesh commands' flags say, before a config file is merged in. */
export interface MeshFlags extends CommonFlags {
  hosts?: string[];
  discover?: boolean;
  services: string[];
  mode: Mode;
  maxValues: number;
  config?: string;
  prune?: boolean;
}

const POLICY_FLAGS = [
  ['services', '--services'],
  ['mode', '--mode'],
  ['maxValues', '--max-values'],
] as const;

/** The config's connection settings fill in what neither a flag nor the environment gave. */
function withConfigConnection(flags: MeshFlags, cmd: Command, b: Baseline, env: NodeJS.ProcessEnv): void {
  const c = b.connection ?? {};
  const fromCli = (key: string): boolean => cmd.getOptionValueSource(key) === 'cli';
  if (!fromCli('url') && !env.KCDMESH_URL && c.url) flags.url = c.url;
  if (!fromCli('user') && !env.KCDMESH_USER && c.user) flags.user = c.user;
  if (!fromCli('caFile') && !env.KCDMESH_CA_FILE && c.caFile) flags.caFile = c.caFile;
  if (!fromCli('starttls') && c.starttls !== undefined) flags.starttls = c.starttls;
  if (!fromCli('searchBase') && c.searchBase) flags.searchBase = c.searchBase;
  if (!fromCli('timeout') && c.timeout !== undefined) flags.timeout = c.timeout;
}

/**
 * The wanted state: hosts from the command line, or a config file. With --config the file is the
 * baseline: host names, --discover and the policy flags are refused rather than silently merged.
 */
export async function sourceFromFlags(positional: string[], flags: MeshFlags, cmd: Command, env: NodeJS.ProcessEnv, forWrite: boolean): Promise<Source> {
  const selection: HostSelection = { names: [...positional, ...(flags.hosts ?? [])], discover: flags.discover ?? false, forWrite };
  if (!flags.config) {
    if (flags.prune) throw new UsageError('--prune works with --config', 'pruning needs the groups of a config file to know what is wanted');
    return { kind: 'hosts', selection, policy: { services: flags.services, mode: flags.mode, maxValues: flags.maxValues } };
  }
  if (selection.names.length || selection.discover) throw new UsageError('both --config and host names (or --discover) given', 'list the hosts in the config\'s groups, or drop --config');
  const given = POLICY_FLAGS.filter(([key]) => cmd.getOptionValueSource(key) === 'cli').map(([, flag]) => flag);
  if (given.length) throw new UsageError(`${given.join(', ')} cannot be combined with --config`, 'set services, mode and maxValues in the config file');
  // zod and yaml (about 170 modules, 100 ms to load) only when a config file is given.
  const { loadBaseline } = await import('./baseline.js');
  const baseline = await loadBaseline(flags.config);
  withConfigConnection(flags, cmd, baseline, env);
  return { kind: 'config', baseline, prune: flags.prune ?? false, forWrite };
}
