import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { MODES } from '../core/mode.js';
import { serviceClassProblem } from '../core/service-name.js';
import { DEFAULT_SERVICES } from '../core/spn.js';
import { firstRepeat, nameKey, serviceKey } from '../core/keys.js';
import { isHostName, parseHostName } from '../core/names.js';
import { subnetKey, subnetProblem } from '../core/subnet.js';
import { UsageError } from '../errors.js';
import { readTextFile } from '../io/read-file.js';

const service = z.string().trim().min(1).regex(/^[^/\\*()\u0000]+$/, 'a service class has no /, \\, * or parentheses (give "cifs", not "cifs/HV01")')
  .superRefine((s, ctx) => {
    // The same strict rule as --services; the regex above keeps its clearer words for a full SPN.
    const problem = /[/\\*()\u0000]/.test(s) ? null : serviceClassProblem(s);
    if (problem) ctx.addIssue({ code: 'custom', message: `not a service class: ${problem}` });
  });
/** Checked as a host named on the command line is, before anything connects. */
const hostName = z.string().trim().min(1).superRefine((name, ctx) => {
  if (!isHostName(name)) ctx.addIssue({ code: 'custom', message: `invalid host name ${JSON.stringify(name)}: a NetBIOS name (letters, digits, - and _, at most 15) or an FQDN (labels of at most 63, 253 in all)` });
});
const dn = z.string().trim().regex(/^[A-Za-z]+=.+/, 'expected a DN such as OU=Hyper-V,DC=example,DC=com');

const discovery = z.strictObject({
  searchBase: dn.optional(),
  /** An extra LDAP filter, ANDed with (objectClass=computer); the config is reviewed code, so it is taken as written. */
  filter: z.string().trim().regex(/^\(.*\)$/s, 'expected an LDAP filter in parentheses').optional(),
  memberOf: dn.optional(),
  requireMigrationSpn: z.boolean().default(true),
});

const group = z
  .strictObject({
    name: z.string().trim().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'letters, digits, ".", "_" and "-"'),
    hosts: z.array(hostName).optional(),
    discover: discovery.optional(),
    storage: z.array(hostName).default([]),
    mode: z.enum(MODES as [string, ...string[]]).optional(),
  })
  .refine((g) => (g.hosts === undefined) !== (g.discover === undefined), { message: 'give either hosts or discover' });

/** Host-side live-migration settings, for plan --output hyperv. */
const migration = z.strictObject({
  networks: z.array(z.string().trim().superRefine((v, ctx) => {
    const problem = subnetProblem(v);
    if (problem) ctx.addIssue({ code: 'custom', message: `expected a subnet such as 192.168.10.0/24 or fd00:10::/64: ${problem}` });
  })).default([]),
  performance: z.enum(['Compression', 'SMB', 'TCPIP']).default('Compression'),
  maxMigrations: z.number().int().min(1).max(64).default(2),
});

const connection = z.strictObject({
  url: z.string().trim().min(1, 'empty: give a URL, or leave the key out').optional(),
  user: z.string().trim().min(1, 'empty: give a user, or leave the key out').optional(),
  caFile: z.string().trim().min(1, 'empty: give a path, or leave the key out').optional(),
  starttls: z.boolean().optional(),
  searchBase: dn.optional(),
  timeout: z.number().positive().max(3600).optional(),
});

export const baselineSchema = z.strictObject({
  connection: connection.optional(),
  services: z.array(service).min(1).default([...DEFAULT_SERVICES]),
  mode: z.enum(MODES as [string, ...string[]]).default('kerberos-only'),
  maxValues: z.number().int().min(1).max(100_000).default(1200),
  groups: z.array(group).min(1),
  /** Accounts that start migrations: verify finds those that cannot be delegated. */
  operators: z.array(z.string().trim().min(1)).default([]),
  migration: migration.optional(),
});

/** modeGiven: the file (or one of its groups) names a mode, so verify enforces it. */
export type Baseline = z.infer<typeof baselineSchema> & { modeGiven?: boolean };
export type GroupSpec = Baseline['groups'][number];

/** `groups[1].hosts[2]`, the way a user finds the spot in the file. */
export function issuePath(path: ReadonlyArray<PropertyKey>): string {
  return path.reduce<string>((acc, p) => (typeof p === 'number' ? `${acc}[${p}]` : acc ? `${acc}.${String(p)}` : String(p)), '') || '(top level)';
}

function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys') {
    const where = issuePath(issue.path);
    return `${where === '(top level)' ? '' : `${where}: `}unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => JSON.stringify(k)).join(', ')}`;
  }
  return `${issuePath(issue.path)}: ${issue.message}`;
}

/** A host's key as the command line compares it: the kind of name and the name, `$` and case aside. */
const hostKey = (name: string): string => {
  const n = parseHostName(name);
  return `${n.kind}:${n.key}`;
};

/**
 * Every list names each thing once, compared as AD compares it (without regard to case): a
 * service, a group, a host of a group, a storage target, an operator, a network (by its address, in
 * any spelling). A host listed as both a host and a storage target of one group is refused too. A host
 * may be in several groups.
 */
function checkRepeats(b: z.infer<typeof baselineSchema>, file: string): void {
  const twice = (path: string, what: string, item: string, first: string, hint: string): UsageError =>
    new UsageError(`${file}: ${path}: ${what} ${JSON.stringify(item)} is listed twice (also as ${JSON.stringify(first)})`, hint);
  const lists: Array<[string, string, readonly string[], (s: string) => string, string]> = [
    ['services', 'service', b.services, serviceKey, 'list each service once; service classes compare without regard to case'],
    ['operators', 'operator', b.operators, nameKey, 'list each operator once'],
    ['migration.networks', 'network', b.migration?.networks ?? [], subnetKey, 'list each network once; an IPv6 address has one canonical form whatever its spelling'],
    ...b.groups.flatMap((g, i): Array<[string, string, readonly string[], (s: string) => string, string]> => [
      [`groups[${i}].hosts`, 'host', g.hosts ?? [], hostKey, 'list each host once in a group'],
      [`groups[${i}].storage`, 'storage target', g.storage, hostKey, 'list each storage target once in a group'],
    ]),
  ];
  for (const [path, what, list, key, hint] of lists) {
    const r = firstRepeat(list, key);
    if (r) throw twice(`${path}[${r.index}]`, what, r.item, r.first, hint);
  }
  const g = firstRepeat(b.groups, (x) => nameKey(x.name));
  if (g) throw new UsageError(`${file}: groups[${g.index}].name: group "${g.item.name}" is defined twice`, 'give every group its own name');
  b.groups.forEach((grp, i) => {
    const hosts = new Set((grp.hosts ?? []).map(hostKey));
    const j = grp.storage.findIndex((s) => hosts.has(hostKey(s)));
    if (j >= 0) throw new UsageError(`${file}: groups[${i}].storage[${j}]: ${grp.storage[j]} is both a host and a storage target of group ${grp.name}`, 'list it in one place');
  });
}

/** Validate a parsed document; the first problem is the error, every problem is in the hint. */
export function parseBaseline(doc: unknown, file: string): Baseline {
  const conn = doc && typeof doc === 'object' && 'connection' in doc ? doc.connection : undefined;
  if (conn && typeof conn === 'object' && 'password' in conn) {
    throw new UsageError(`${file}: connection.password: a config file never holds a password`, 'set KCDMESH_PASSWORD or pass --password-file');
  }
  const result = baselineSchema.safeParse(doc);
  if (!result.success) {
    const problems = result.error.issues.map(describeIssue);
    throw new UsageError(`${file}: ${problems[0]}`, problems.length > 1 ? `also: ${problems.slice(1).join('; ')}` : 'see templates/ for documented examples');
  }
  checkRepeats(result.data, file);
  const groupsName = result.data.groups.some((g) => g.mode !== undefined);
  const modeGiven = (typeof doc === 'object' && doc !== null && 'mode' in doc) || groupsName;
  return { ...result.data, modeGiven };
}

/** Read a YAML (or JSON, which YAML reads too) baseline. */
export async function loadBaseline(file: string): Promise<Baseline> {
  // A regular file of sane size, read in a time limit, BOM/CRLF/UTF-16 as editors save them.
  const text = await readTextFile(file, 'config');
  let doc: unknown;
  try {
    doc = parseYaml(text, { uniqueKeys: true });
  } catch (err) {
    const first = (err instanceof Error ? err.message : String(err)).split('\n')[0];
    throw new UsageError(`${file}: not valid YAML or JSON: ${first}`, 'check indentation and quoting');
  }
  return parseBaseline(doc, file);
}
