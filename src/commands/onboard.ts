import type { Baseline } from '../config/baseline.js';
import { byName } from '../core/discovery.js';
import { checkEnabled, checkMesh } from '../core/mesh.js';
import { parseHostNames, resolveHostNames } from '../core/names.js';
import { planTopology } from '../core/plan.js';
import { dnKey, type Edge, type Topology } from '../core/topology.js';
import type { HostRecord, Mode, Policy } from '../core/types.js';
import { isDomainController } from '../core/uac.js';
import type { Directory } from '../directory/directory.js';
import { UsageError } from '../errors.js';
import { searchBase, withDirectory, type Context, type Outcome } from './context.js';
import { converge, type WriteOptions } from './converge.js';
import { resolveGroups, STORAGE_SERVICES, type ResolvedGroup } from './groups.js';
import type { MeshState } from './mesh.js';

export interface OnboardRequest {
  host: string;
  /** Peers by name (without a config), or group names (with one). Empty: ask on a terminal. */
  peers: string[];
  groups: string[];
  baseline: Baseline | null;
  policy: Policy;
}

/** The new host and its peers trust each other both ways; the new host also reaches its groups' storage. */
export function onboardTopology(host: HostRecord, peers: readonly HostRecord[], storage: readonly HostRecord[], services: readonly string[], mode: Mode): Topology {
  const edges: Edge[] = [
    ...peers.flatMap((p) => [{ from: host, to: p, services }, { from: p, to: host, services }]),
    ...storage.map((s) => ({ from: host, to: s, services: STORAGE_SERVICES })),
  ];
  // Peers keep their UAC: onboarding one host must not change the mode of a running mesh.
  const modes = new Map<string, Mode | null>([[dnKey(host), mode], ...peers.map((p): [string, null] => [dnKey(p), null])]);
  return { members: [host, ...peers], edges, removals: new Map(), modes };
}

interface Chosen {
  host: HostRecord;
  peerNames: string[];
  storageNames: string[];
  mode: Mode;
  groups: ResolvedGroup[];
}

async function choose(ctx: Context, dir: Directory, req: OnboardRequest, host: HostRecord): Promise<Chosen> {
  const interactive = ctx.io.stdinIsTTY && ctx.io.stderr.isTTY;
  let groups: ResolvedGroup[] = [];
  let offered: HostRecord[];
  if (req.baseline) {
    const all = await resolveGroups(ctx, dir, req.baseline, true);
    let names = req.groups;
    if (names.length === 0) {
      if (!interactive) throw new UsageError('onboard with --config needs --group NAME (no terminal to ask on)', `groups in the config: ${all.map((g) => g.name).join(', ')}`);
      names = await ctx.io.prompts.choose(`Groups for ${host.name}:`, all.map((g) => ({ name: `${g.name} (${g.hosts.length} hosts)`, value: g.name, checked: all.length === 1 })));
    }
    for (const n of names) {
      const g = all.find((x) => x.name.toLowerCase() === n.toLowerCase());
      if (!g) throw new UsageError(`no group ${JSON.stringify(n)} in the config`, `groups: ${all.map((x) => x.name).join(', ')}`);
      groups.push(g);
    }
    offered = groups.flatMap((g) => g.hosts);
  } else {
    if (req.peers.length === 0 && !interactive) throw new UsageError(`onboard ${host.name} needs --peers (no terminal to choose them on)`, 'pass --peers HV01,HV02, or --config with --group');
    offered = req.peers.length ? [] : (await dir.discoverHosts(searchBase(ctx, dir))).filter((h) => !isDomainController(h.userAccountControl)).sort(byName);
  }
  offered = [...new Map(offered.filter((p) => dnKey(p) !== dnKey(host)).map((p) => [dnKey(p), p])).values()];
  let peerNames = req.peers.length ? req.peers : offered.map((p) => p.name);
  if (req.peers.length === 0 && interactive) {
    peerNames = await ctx.io.prompts.choose(`Peers ${host.name} will trust both ways:`, offered.map((p) => ({ name: `${p.name} (${p.fqdn ?? 'no FQDN'})`, value: p.name, checked: Boolean(req.baseline) })));
  }
  if (peerNames.length === 0) throw new UsageError(`no peers chosen for ${host.name}`, 'pass --peers HV01,HV02 (or --group with --config), or tick peers in the checklist');
  const modes = new Set(groups.map((g) => g.mode));
  if (modes.size > 1) throw new UsageError(`the chosen groups use different modes (${[...modes].join(', ')})`, 'onboard into groups of one mode at a time');
  return {
    host,
    peerNames,
    storageNames: [...new Map(groups.flatMap((g) => g.storage).map((s) => [dnKey(s), s.name])).values()],
    mode: groups[0]?.mode ?? req.policy.mode,
    groups,
  };
}

async function readOnboard(dir: Directory, base: string, chosen: Chosen, policy: Policy): Promise<MeshState> {
  const names = [chosen.host.name, ...chosen.peerNames, ...chosen.storageNames];
  const [found, mappings] = await Promise.all([dir.findHosts(parseHostNames(names), base), dir.readSpnMappings()]);
  const [host, ...rest] = resolveHostNames(parseHostNames([chosen.host.name, ...chosen.peerNames]), found);
  const storage = resolveHostNames(parseHostNames(chosen.storageNames), found);
  checkMesh([host, ...rest]);
  checkEnabled([host, ...rest]);
  const topo = onboardTopology(host, rest, storage, policy.services, chosen.mode);
  return { hosts: [host, ...rest, ...storage], mappings, plan: planTopology(topo, { ...policy, mode: chosen.mode }, mappings) };
}

/** Add one host to a running mesh, both ways, in one reviewed step. */
export async function onboardCommand(ctx: Context, req: OnboardRequest, opts: WriteOptions): Promise<Outcome> {
  const interactive = ctx.io.stdinIsTTY && ctx.io.stderr.isTTY;
  if (!opts.yes && !interactive) throw new UsageError('onboard needs a confirmation and there is no terminal to ask on', 'review with `kcdmesh onboard ... --output json` in a terminal, or add --yes');
  return withDirectory(ctx, async (dir) => {
    const base = searchBase(ctx, dir);
    const [host] = resolveHostNames(parseHostNames([req.host]), await dir.findHosts(parseHostNames([req.host]), base));
    const chosen = await choose(ctx, dir, req, host);
    const policy = req.baseline ? { services: req.baseline.services, mode: chosen.mode, maxValues: req.baseline.maxValues } : req.policy;
    return converge(ctx, dir, {
      command: 'onboard',
      read: () => readOnboard(dir, base, chosen, policy),
      opts,
      doneText: (after) => {
        const listed = chosen.groups.filter((g) => !g.hosts.some((h) => dnKey(h) === dnKey(host)));
        const note = req.baseline && listed.length ? `Add ${host.name} to group ${listed.map((g) => g.name).join(', ')} in the config, or the next plan with --prune will take it out again.\n` : '';
        return `${host.name} and ${after.plan.hosts.length - 1} peers now trust each other both ways.\n${note}`;
      },
    });
  });
}
