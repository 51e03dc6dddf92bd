import { readFile } from 'node:fs/promises';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { MODES } from '../core/mode.js';
import { DEFAULT_SERVICES } from '../core/spn.js';
import { nameKey } from '../core/keys.js';
import { UsageError } from '../errors.js';

const service = z.string().trim().min(1).regex(/^[^/\\*()\u0000]+$/, 'a service class has no /, \\, * or parentheses (give "cifs", not "cifs/HV01")');
const hostName = z.string().trim().min(1);
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

/** An IPv4 or IPv6 subnet in CIDR notation (what Add-VMMigrationNetwork takes), or a single address. */
function isSubnet(value: string): boolean {
  const [addr, bits, ...rest] = value.split('/');
  if (rest.length) return false;
  const v4 = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/.test(addr);
  const v6 = !v4 && addr.includes(':') && /^[0-9a-fA-F:]+$/.test(addr) && (addr.match(/::/g) ?? []).length <= 1;
  if (!v4 && !v6) return false;
  if (bits === undefined) return true;
  return /^\d{1,3}$/.test(bits) && Number(bits) <= (v4 ? 32 : 128);
}

/** Host-side live-migration settings, for plan --output hyperv. */
const migration = z.strictObject({
  networks: z.array(z.string().trim().refine(isSubnet, 'expected a subnet such as 192.168.10.0/24 or fd00:10::/64')).default([]),
  performance: z.enum(['Compression', 'SMB', 'TCPIP']).default('Compression'),
  maxMigrations: z.number().int().min(1).max(64).default(2),
});

const connection = z.strictObject({
  url: z.string().trim().optional(),
  user: z.string().trim().optional(),
  caFile: z.string().trim().optional(),
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
  const names = new Set<string>();
  result.data.groups.forEach((g, i) => {
    if (names.has(nameKey(g.name))) throw new UsageError(`${file}: groups[${i}].name: group "${g.name}" is defined twice`, 'give every group its own name');
    names.add(nameKey(g.name));
  });
  const groupsName = result.data.groups.some((g) => g.mode !== undefined);
  const modeGiven = (typeof doc === 'object' && doc !== null && 'mode' in doc) || groupsName;
  return { ...result.data, modeGiven };
}

/** Read a YAML (or JSON, which YAML reads too) baseline. */
export async function loadBaseline(file: string): Promise<Baseline> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new UsageError(`cannot read config ${file} (${(err as NodeJS.ErrnoException).code ?? 'error'})`, 'give the path of a kcdmesh YAML or JSON config (see templates/)');
  }
  let doc: unknown;
  try {
    doc = parseYaml(text, { uniqueKeys: true });
  } catch (err) {
    const first = (err instanceof Error ? err.message : String(err)).split('\n')[0];
    throw new UsageError(`${file}: not valid YAML or JSON: ${first}`, 'check indentation and quoting');
  }
  return parseBaseline(doc, file);
}
