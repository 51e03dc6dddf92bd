import { assertCanConfirm, converge } from '../apply/converge.js';
import { byName } from '../core/discovery.js';
import type { ResolvedGroup } from '../core/groups.js';
import { dnKey, nameKey, sameDn, uniqueBy } from '../core/keys.js';
import { parseHostNames, resolveHostNames } from '../core/names.js';
import { planReading } from '../core/state.js';
import type { HostRecord, Policy } from '../core/types.js';
import { isDomainController } from '../core/uac.js';
import type { Directory } from '../directory/directory.js';
import { UsageError, type Outcome } from '../errors.js';
import { reopenSameDc } from '../read/dcs.js';
import { resolveGroups } from '../read/groups.js';
import { readOnboard, type OnboardChoice } from '../read/onboard.js';
import { searchBase, type Context } from '../read/session.js';

/** Peers and groups: from the flags, or ticked in a checklist on a terminal. */
async function choose(ctx: Context, dir: Directory, host: HostRecord): Promise<OnboardChoice & { groups: ResolvedGroup[] }> {
  const { baseline, peers, groups: groupNames, policy } = ctx.options;
  const groups: ResolvedGroup[] = [];
  let offered: HostRecord[];
  if (baseline) {
    const all = await resolveGroups(ctx, dir, baseline, true);
    let names = groupNames;
    if (names.length === 0) {
      if (!ctx.interactive) throw new UsageError('onboard with --config needs --group NAME (no terminal to ask on)', `groups in the config: ${all.map((g) => g.name).join(', ')}`);
      names = await ctx.prompts.choose(`Groups for ${host.name}:`, all.map((g) => ({ name: `${g.name} (${g.hosts.length} hosts)`, value: g.name, checked: all.length === 1 })));
    }
    for (const n of names) {
      const g = all.find((x) => nameKey(x.name) === nameKey(n));
      if (!g) throw new UsageError(`no group ${JSON.stringify(n)} in the config`, `groups: ${all.map((x) => x.name).join(', ')}`);
      groups.push(g);
    }
    offered = groups.flatMap((g) => g.hosts);
  } else {
    if (peers.length === 0 && !ctx.interactive) throw new UsageError(`onboard ${host.name} needs --peers (no terminal to choose them on)`, 'pass --peers HV01,HV02, or --config with --group');
    offered = peers.length ? [] : (await dir.discoverHosts(searchBase(ctx, dir))).filter((h) => !isDomainController(h.userAccountControl)).sort(byName);
  }
  offered = uniqueBy(offered.filter((p) => !sameDn(p, host)), dnKey);
  let peerNames = peers.length ? peers : offered.map((p) => p.name);
  if (peers.length === 0 && ctx.interactive) {
    peerNames = await ctx.prompts.choose(`Peers ${host.name} will trust both ways:`, offered.map((p) => ({ name: `${p.name} (${p.fqdn ?? 'no FQDN'})`, value: p.name, checked: Boolean(baseline) })));
  }
  if (peerNames.length === 0) throw new UsageError(`no peers chosen for ${host.name}`, 'pass --peers HV01,HV02 (or --group with --config), or tick peers in the checklist');
  const modes = new Set(groups.map((g) => g.mode));
  if (modes.size > 1) throw new UsageError(`the chosen groups use different modes (${[...modes].join(', ')})`, 'onboard into groups of one mode at a time');
  return {
    host: host.name,
    peerNames,
    storageNames: uniqueBy(groups.flatMap((g) => g.storage), dnKey).map((s) => s.name),
    mode: groups[0]?.mode ?? policy.mode,
    groups,
  };
}

/** Add one host to a running mesh, both ways, in one reviewed step. */
export async function onboardCommand(ctx: Context, name: string): Promise<Outcome> {
  const { baseline, write } = ctx.options;
  assertCanConfirm(ctx, write.yes, 'onboard', 'run it in a terminal, where it shows what it will write and asks first, or add --yes');
  return ctx.directory.use(async (dir, openOther) => {
    const base = searchBase(ctx, dir);
    const [host] = resolveHostNames(parseHostNames([name]), await dir.findHosts(parseHostNames([name]), base));
    const chosen = await choose(ctx, dir, host);
    const policy: Policy = { ...ctx.options.policy, mode: chosen.mode };
    return converge(ctx, dir, {
      command: 'onboard',
      reopen: reopenSameDc(dir, openOther),
      read: async (d) => planReading(await readOnboard(d, base, chosen, policy)),
      opts: write,
      doneText: (after) => {
        const listed = chosen.groups.filter((g) => !g.hosts.some((h) => sameDn(h, host)));
        const note = baseline && listed.length ? `Add ${host.name} to group ${listed.map((g) => g.name).join(', ')} in the config, or the next plan with --prune will take it out again.\n` : '';
        return `${host.name} and ${after.plan.hosts.length - 1} peers now trust each other both ways.\n${note}`;
      },
    }, openOther);
  });
}
