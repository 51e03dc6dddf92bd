#!/usr/bin/env node
// stack-floor.mjs - the least a process built on kcdmesh's required stack must do to read the mesh:
// commander parses the arguments, ldapts (as installed, with this repository's patches) opens the TLS
// connection, binds and runs the same paged search of the same objects and attributes kcdmesh reads,
// every value decoded; each entry is counted as it arrives (onEntry, patches/ 003) and dropped.
// Nothing else: no rootDSE, no plan, no output.
// bench/run.mjs times it beside `kcdmesh` and bench/node-floor.mjs: the node floor minus this floor is
// what the two libraries cost, this floor minus kcdmesh is what kcdmesh's own code costs.
//
// Usage: node bench/stack-floor.mjs BASE_DN PREFIX   (as bench/node-floor.mjs: connection from
// KCDMESH_URL, KCDMESH_USER, KCDMESH_PASSWORD, KCDMESH_CA_FILE; PREFIX --migration-spn for discover's
// filter). Prints one JSON line: {"entries":N,"values":V}.
import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import { Client } from 'ldapts';

const ATTRIBUTES = ['sAMAccountName', 'dNSHostName', 'userAccountControl', 'msDS-AllowedToDelegateTo', 'servicePrincipalName'];
const PAGE_SIZE = Number(process.env.KCDMESH_BENCH_PAGE_SIZE ?? 500);

const program = new Command('stack-floor').argument('<base>', 'base DN').argument('[prefix]', 'sAMAccountName prefix').option('--migration-spn', "discover's filter").parse();
const [baseDn, prefix] = program.args;
const { migrationSpn } = program.opts();
const { KCDMESH_URL: url, KCDMESH_USER: user, KCDMESH_PASSWORD: password, KCDMESH_CA_FILE: caFile } = process.env;
if ((!prefix && !migrationSpn) || !url || !user || !password) {
  console.error('usage: node bench/stack-floor.mjs BASE_DN PREFIX (with KCDMESH_URL, KCDMESH_USER, KCDMESH_PASSWORD[, KCDMESH_CA_FILE])');
  process.exit(2);
}
const filter =
  migrationSpn
    ? '(&(objectClass=computer)(servicePrincipalName=Microsoft Virtual System Migration Service/*))'
    : `(&(objectClass=computer)(sAMAccountName=${prefix}*))`;

const client = new Client({ url, tlsOptions: caFile ? { ca: [readFileSync(caFile)] } : {} });
try {
  await client.bind(user, password);
  let entries = 0;
  let values = 0;
  const onEntry = (e) => {
    const held = e['msDS-AllowedToDelegateTo'];
    entries++;
    values += Array.isArray(held) ? held.length : held ? 1 : 0;
  };
  await client.search(baseDn, { scope: 'sub', filter, attributes: ATTRIBUTES, paged: { pageSize: PAGE_SIZE }, onEntry });
  process.stdout.write(`${JSON.stringify({ entries, values })}\n`);
} finally {
  await client.unbind();
}
