#!/usr/bin/env node
var __defProp = Object.defineProperty;
var __getOwnPropNames = Object.getOwnPropertyNames;
var __esm = (fn, res, err) => function __init() {
  if (err) throw err[0];
  try {
    return fn && (res = (0, fn[__getOwnPropNames(fn)[0]])(fn = 0)), res;
  } catch (e) {
    throw err = [e], e;
  }
};
var __export = (target, all) => {
  for (var name in all)
    __defProp(target, name, { get: all[name], enumerable: true });
};

// src/core/escape.ts
function escapeForDisplay(text) {
  return text.replace(UNSAFE, (c) => {
    if (NAMED[c]) return NAMED[c];
    const code2 = c.codePointAt(0);
    return code2 <= 255 ? `\\x${code2.toString(16).padStart(2, "0")}` : `\\u${code2.toString(16).padStart(4, "0")}`;
  });
}
function escapeLines(text) {
  return text.split("\n").map(escapeForDisplay).join("\n");
}
function escapeUsageText(text) {
  if (!text.startsWith("error: ")) return escapeLines(text);
  const body = text.endsWith("\n") ? text.slice(0, -1) : text;
  return `${escapeForDisplay(body)}${text.endsWith("\n") ? "\n" : ""}`;
}
var UNSAFE, NAMED;
var init_escape = __esm({
  "src/core/escape.ts"() {
    "use strict";
    UNSAFE = /[\u0000-\u001f\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff\ufff9-\ufffb]/gu;
    NAMED = { "\n": "\\n", "\r": "\\r", "	": "\\t", "\x1B": "\\x1b" };
  }
});

// src/core/keys.ts
function spnKey(value) {
  return value.trim().toLowerCase();
}
function nameKey(name) {
  return name.trim().toLowerCase();
}
function dnKey(x) {
  return (typeof x === "string" ? x : x.dn).toLowerCase();
}
function sameDn(a, b) {
  return dnKey(a) === dnKey(b);
}
function answersTo(host, form) {
  const f = nameKey(form);
  return nameKey(host.name) === f || host.fqdn !== null && nameKey(host.fqdn) === f;
}
function alnumOrder(a, b) {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const ca = a.charCodeAt(i);
    const cb = b.charCodeAt(j);
    if (isDigit(ca) && isDigit(cb)) {
      let ea = i;
      let eb = j;
      while (ea < a.length && isDigit(a.charCodeAt(ea))) ea++;
      while (eb < b.length && isDigit(b.charCodeAt(eb))) eb++;
      while (i < ea - 1 && a.charCodeAt(i) === 48) i++;
      while (j < eb - 1 && b.charCodeAt(j) === 48) j++;
      const byLength = ea - i - (eb - j);
      if (byLength !== 0) return byLength < 0 ? -1 : 1;
      for (; i < ea; i++, j++) if (a.charCodeAt(i) !== b.charCodeAt(j)) return a.charCodeAt(i) < b.charCodeAt(j) ? -1 : 1;
      continue;
    }
    if (isDigit(ca) !== isDigit(cb)) return isDigit(ca) ? -1 : 1;
    const la = ca | 32;
    const lb = cb | 32;
    if (la !== lb) return la < lb ? -1 : 1;
    i++;
    j++;
  }
  return a.length - i === b.length - j ? 0 : a.length - i < b.length - j ? -1 : 1;
}
function hostOrder(a, b) {
  if (ALNUM.test(a) && ALNUM.test(b)) return alnumOrder(a, b);
  collator ??= new Intl.Collator("en", { sensitivity: "base", numeric: true });
  return collator.compare(a, b);
}
function hostChanges(h) {
  return h.add.length > 0 || h.remove.length > 0 || h.uac !== null;
}
function groupBy(items2, key) {
  const groups = /* @__PURE__ */ new Map();
  for (const item of items2) {
    const k = key(item);
    const list2 = groups.get(k);
    if (list2) list2.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}
function uniqueBy(items2, key) {
  return [...new Map(items2.map((i) => [key(i), i])).values()];
}
function firstRepeat(items2, key) {
  const seen = /* @__PURE__ */ new Map();
  for (const [index, item] of items2.entries()) {
    const had = seen.get(key(item));
    if (had !== void 0) return { index, item, first: had };
    seen.set(key(item), item);
  }
  return null;
}
var serviceKey, collator, ALNUM, isDigit;
var init_keys = __esm({
  "src/core/keys.ts"() {
    "use strict";
    serviceKey = spnKey;
    collator = null;
    ALNUM = /^[0-9A-Za-z]{0,254}$/;
    isDigit = (c) => c >= 48 && c <= 57;
  }
});

// src/errors.ts
function exitCodeOf(result) {
  if (result === "clean") return EXIT.ok;
  if (result === "pending") return EXIT.pending;
  if (result instanceof PromptCancelledError) return EXIT.cancelled;
  return EXIT.error;
}
var KcdmeshError, UsageError, CancelledError, StalePlanError, DirectoryRefusal, NotSentError, PartialWriteError, PromptCancelledError, EXIT;
var init_errors = __esm({
  "src/errors.ts"() {
    "use strict";
    KcdmeshError = class extends Error {
      constructor(message, hint) {
        super(message);
        this.hint = hint;
        this.name = "KcdmeshError";
      }
      hint;
    };
    UsageError = class extends KcdmeshError {
      constructor(message, hint) {
        super(message, hint);
        this.name = "UsageError";
      }
    };
    CancelledError = class extends KcdmeshError {
      constructor(command) {
        super(`${command} cancelled; nothing was written`, "run again and answer yes, or use --yes");
        this.name = "CancelledError";
      }
    };
    StalePlanError = class extends KcdmeshError {
      constructor() {
        super("the hosts changed in the directory since the plan was shown; nothing was written", "run the command again and review the new plan");
        this.name = "StalePlanError";
      }
    };
    DirectoryRefusal = class extends KcdmeshError {
      constructor(message, hint, resultCode) {
        super(message, hint);
        this.resultCode = resultCode;
        this.name = "DirectoryRefusal";
      }
      resultCode;
    };
    NotSentError = class extends KcdmeshError {
      constructor(message, hint) {
        super(message, hint);
        this.name = "NotSentError";
      }
    };
    PartialWriteError = class extends KcdmeshError {
      constructor(message, hint, hosts) {
        super(message, hint);
        this.hosts = hosts;
        this.name = "PartialWriteError";
      }
      hosts;
    };
    PromptCancelledError = class extends KcdmeshError {
      constructor() {
        super("cancelled at the prompt (Ctrl-C); nothing was written", "run the command again when ready");
        this.name = "PromptCancelledError";
      }
    };
    EXIT = { ok: 0, error: 1, pending: 2, cancelled: 130 };
  }
});

// src/core/names.ts
function isHostName(input) {
  const name = input.trim();
  return name.includes(".") ? FQDN.test(name) : SHORT.test(name);
}
function parseHostName(input) {
  const name = input.trim();
  if (name === "") throw new UsageError("empty host name", "give NetBIOS names (HV01) or FQDNs (hv01.example.com)");
  if (name.includes(".")) {
    if (!FQDN.test(name)) throw invalid(input);
    return { input, kind: "fqdn", key: nameKey(name) };
  }
  if (!SHORT.test(name)) throw invalid(input);
  return { input, kind: "short", key: nameKey(name.replace(/\$$/, "")) };
}
function invalid(input) {
  return new UsageError(
    `invalid host name ${JSON.stringify(input)}`,
    "a host is a NetBIOS name (letters, digits, - and _, at most 15) or an FQDN; wildcards and filter characters are not accepted"
  );
}
function parseHostNames(inputs) {
  const names2 = inputs.map(parseHostName);
  const seen = /* @__PURE__ */ new Map();
  for (const n of names2) {
    const id = `${n.kind}:${n.key}`;
    const first = seen.get(id);
    if (first !== void 0) {
      throw new UsageError(`host ${JSON.stringify(n.input)} is listed twice (also as ${JSON.stringify(first)})`, "list each host once");
    }
    seen.set(id, n.input);
  }
  return names2;
}
function matches(name, host) {
  return name.kind === "short" ? nameKey(host.name) === name.key : host.fqdn !== null && nameKey(host.fqdn) === name.key;
}
function resolveHostNames(names2, found) {
  const resolved = [];
  const byDn = /* @__PURE__ */ new Map();
  const byShort = /* @__PURE__ */ new Map();
  const byFqdn = /* @__PURE__ */ new Map();
  const file = (index, key, h) => {
    const list2 = index.get(key);
    if (list2) list2.push(h);
    else index.set(key, [h]);
  };
  for (const h of found) {
    file(byShort, nameKey(h.name), h);
    if (h.fqdn !== null) file(byFqdn, nameKey(h.fqdn), h);
  }
  for (const name of names2) {
    const hits = (name.kind === "short" ? byShort : byFqdn).get(name.key) ?? [];
    if (hits.length === 0) {
      throw new UsageError(
        `no computer named ${JSON.stringify(name.input)} in the directory`,
        name.kind === "short" ? "check the name (its sAMAccountName without $) and --search-base; `kcdmesh discover` lists Hyper-V hosts" : "an FQDN must equal the computer's dNSHostName; `kcdmesh discover` lists them"
      );
    }
    if (hits.length > 1) {
      throw new UsageError(
        `${JSON.stringify(name.input)} is ambiguous: it matches ${hits.map((h) => h.dn).sort().join(" and ")}`,
        "name the host by its NetBIOS name, or narrow --search-base"
      );
    }
    const host = hits[0];
    const other = byDn.get(dnKey(host));
    if (other !== void 0) {
      throw new UsageError(`${JSON.stringify(name.input)} and ${JSON.stringify(other)} are the same computer (${host.name})`, "list each host once");
    }
    byDn.set(dnKey(host), name.input);
    resolved.push(host);
  }
  return resolved;
}
var SHORT, FQDN;
var init_names = __esm({
  "src/core/names.ts"() {
    "use strict";
    init_errors();
    init_keys();
    SHORT = /^[A-Za-z0-9][A-Za-z0-9_-]{0,14}\$?$/;
    FQDN = /^(?=.{1,253}$)[A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?(\.[A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?)+$/;
  }
});

// src/core/dcs.ts
function serverOfNtdsSettings(roleOwner) {
  const m = /^\s*CN=NTDS Settings\s*,\s*(CN=.+)$/i.exec(roleOwner);
  if (!m) return null;
  if (/\\0ADEL:/i.test(m[1])) return null;
  return m[1];
}
function parseDcChoice(value) {
  const trimmed = value.trim();
  if (nameKey(trimmed) === "pdc") return { kind: "pdc" };
  const v = trimmed.includes(".") && trimmed.endsWith(".") ? trimmed.slice(0, -1) : trimmed;
  return isHostName(v) ? { kind: "name", name: v } : null;
}
function dcHostName(dc) {
  return dc.fqdn ?? dc.name;
}
function findDcByName(dcs, name) {
  const key = nameKey(name.replace(/\$$/, ""));
  return dcs.find((d) => nameKey(d.name) === key || d.fqdn !== null && nameKey(d.fqdn) === key) ?? null;
}
function sameDcName(a, b) {
  return nameKey(a) === nameKey(b);
}
var init_dcs = __esm({
  "src/core/dcs.ts"() {
    "use strict";
    init_keys();
    init_names();
  }
});

// src/core/mode.ts
var MODES, MODE_LABEL, MODE_TRADE_OFF;
var init_mode = __esm({
  "src/core/mode.ts"() {
    "use strict";
    MODES = ["kerberos-only", "any-protocol"];
    MODE_LABEL = {
      "kerberos-only": "Use Kerberos only",
      "any-protocol": "Use any authentication protocol"
    };
    MODE_TRADE_OFF = "remote moves started from another machine on Windows Server 2016+ need any-protocol; it is also the more powerful grant (a host can obtain tickets to its peers for any user).";
  }
});

// src/core/service-name.ts
function serviceClassProblem(s) {
  if (s === "") return "empty service name";
  if (s.length > MAX_SERVICE_CLASS) return `longer than ${MAX_SERVICE_CLASS} characters`;
  if (s.includes("/")) return 'has a "/" (give "cifs", not "cifs/HV01")';
  if (/[\u0000-\u001f\u007f-\u009f]/.test(s)) return "has a control character (a newline, tab, ESC, ...)";
  if (/^ | $|  /.test(s)) return "has leading, trailing or double spaces";
  if (!SERVICE_CLASS.test(s)) return 'only letters, digits, "-" and single spaces between words are allowed';
  return null;
}
function isServiceClass(s) {
  return serviceClassProblem(s) === null;
}
function isSpnHostPart(s) {
  return s.length > 0 && s.length <= 253 && /^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*\.?$/.test(s);
}
var SERVICE_CLASS, MAX_SERVICE_CLASS;
var init_service_name = __esm({
  "src/core/service-name.ts"() {
    "use strict";
    SERVICE_CLASS = /^[A-Za-z0-9](?:[A-Za-z0-9-]|(?<! ) (?=[A-Za-z0-9]))*$/;
    MAX_SERVICE_CLASS = 64;
  }
});

// src/core/spn.ts
function spn(service2, target) {
  return `${service2}/${target}`;
}
function parseSpn(value) {
  const parts = value.trim().split("/");
  if (parts.length < 2 || parts[0] === "" || parts[1] === "") return null;
  return { service: parts[0], host: parts[1], rest: parts.length > 2 ? parts.slice(2).join("/") : null };
}
function spnHostPart(value) {
  const v = value.trim();
  const i = v.indexOf("/");
  if (i <= 0) return null;
  const j = v.indexOf("/", i + 1);
  const host = j < 0 ? v.slice(i + 1) : v.slice(i + 1, j);
  return host === "" ? null : host;
}
function peerValues(services, peerName, peerFqdn) {
  return services.flatMap((s) => [spn(s, peerName), spn(s, peerFqdn)]);
}
function parseSpnMappings(values) {
  const map = /* @__PURE__ */ new Map();
  for (const line of values) {
    const eq = line.indexOf("=");
    if (eq <= 0) continue;
    const target = serviceKey(line.slice(0, eq));
    for (const alias of line.slice(eq + 1).split(",")) {
      const key = serviceKey(alias);
      if (!key) continue;
      map.set(key, [...map.get(key) ?? [], target]);
    }
  }
  return map;
}
function servingClasses(service2, mappings) {
  const key = serviceKey(service2);
  return [key, ...mappings.get(key) ?? []];
}
var MIGRATION_SERVICE, DEFAULT_SERVICES;
var init_spn = __esm({
  "src/core/spn.ts"() {
    "use strict";
    init_keys();
    MIGRATION_SERVICE = "Microsoft Virtual System Migration Service";
    DEFAULT_SERVICES = ["cifs", MIGRATION_SERVICE];
  }
});

// src/render/formats.ts
var OUTPUT_FORMATS;
var init_formats = __esm({
  "src/render/formats.ts"() {
    "use strict";
    OUTPUT_FORMATS = ["text", "json", "markdown", "junit", "ldif", "powershell", "hyperv"];
  }
});

// src/config/options.ts
import { InvalidArgumentError } from "commander";
function parseMode(value) {
  if (!MODES.includes(value)) throw new InvalidArgumentError(`expected one of ${MODES.join(", ")}.`);
  return value;
}
function parseServices(value) {
  const services = value.split(",").map((s) => s.trim());
  for (const s of services) {
    if (s === "") throw new InvalidArgumentError('empty service name; give a comma-separated list such as "cifs,Microsoft Virtual System Migration Service".');
    const problem = serviceClassProblem(s);
    if (problem) throw new InvalidArgumentError(`${JSON.stringify(s)} is not a service class: ${problem}.`);
  }
  const repeat = firstRepeat(services, serviceKey);
  if (repeat) throw new InvalidArgumentError(`service ${JSON.stringify(repeat.item)} is listed twice (also as ${JSON.stringify(repeat.first)}); list each service once.`);
  return services;
}
function parseList(value, previous = []) {
  return [...previous, ...value.split(",").map((s) => s.trim()).filter((s) => s !== "")];
}
function intIn(min, max) {
  return (value) => {
    const n = Number(value);
    if (!/^\d+$/.test(value.trim()) || n < min || n > max) throw new InvalidArgumentError(`expected a whole number from ${min} to ${max}.`);
    return n;
  };
}
function parseDc(value) {
  const choice = parseDcChoice(value);
  if (!choice) throw new InvalidArgumentError('give "pdc" (the PDC emulator) or the name of a writable DC (a NetBIOS name of at most 15 characters, or its DNS name).');
  return choice;
}
function parseSeconds(value) {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0 || n > 3600) throw new InvalidArgumentError("expected seconds, more than 0 and at most 3600.");
  return n;
}
function outputsFor(command) {
  return COMMAND_OUTPUTS[command] ?? ["text", "json"];
}
function parseOutput(value) {
  if (!OUTPUT_FORMATS.includes(value)) throw new InvalidArgumentError(`expected ${or(OUTPUT_FORMATS)}.`);
  return value;
}
function checkOutput(command, format) {
  const allowed = outputsFor(command);
  if (!allowed.includes(format)) {
    throw new UsageError(`--output ${format} is not available for ${command}`, `${command} writes ${or(allowed)}`);
  }
  return format;
}
function outputHelp(command) {
  return or(outputsFor(command));
}
var MAX_WAIT_SECONDS, COMMAND_OUTPUTS, or, DEFAULTS;
var init_options = __esm({
  "src/config/options.ts"() {
    "use strict";
    init_dcs();
    init_keys();
    init_mode();
    init_service_name();
    init_spn();
    init_errors();
    init_formats();
    init_formats();
    MAX_WAIT_SECONDS = 6 * 3600;
    COMMAND_OUTPUTS = {
      plan: ["text", "json", "markdown", "ldif", "powershell", "hyperv"],
      verify: ["text", "json", "junit", "markdown"]
    };
    or = (list2) => list2.length < 2 ? list2.join("") : `${list2.slice(0, -1).join(", ")} or ${list2[list2.length - 1]}`;
    DEFAULTS = {
      services: [...DEFAULT_SERVICES],
      mode: "kerberos-only",
      maxValues: 1200,
      parallel: 4,
      timeoutSeconds: 30,
      /** --wait-replication: seconds between two rounds of reads of the other DCs. */
      pollSeconds: 2,
      backupDir: "kcdmesh-backups"
    };
  }
});

// src/core/dns-name.ts
function dnsNameProblem(name) {
  const bare = name.endsWith(".") ? name.slice(0, -1) : name;
  if (bare === "") return "empty";
  if (bare.length > 253) return `${bare.length} characters, more than the 253 a DNS name may have`;
  for (const label of bare.split(".")) {
    if (label === "") return "an empty label (two dots in a row, or a leading dot)";
    if (label.length > 63) return `a label of ${label.length} characters, more than 63`;
    if (!/^[A-Za-z0-9-]+$/.test(label)) return 'only letters, digits, "-" and "." are allowed';
    if (label.startsWith("-") || label.endsWith("-")) return `the label "${label}" starts or ends with "-"`;
  }
  return null;
}
var init_dns_name = __esm({
  "src/core/dns-name.ts"() {
    "use strict";
  }
});

// src/config/dc-locator.ts
import { Resolver } from "node:dns/promises";
function orderSrv(records, random = Math.random) {
  const byPriority = /* @__PURE__ */ new Map();
  for (const r of records) byPriority.set(r.priority, [...byPriority.get(r.priority) ?? [], r]);
  const out = [];
  for (const priority of [...byPriority.keys()].sort((a, b) => a - b)) {
    const left = [...byPriority.get(priority) ?? []].sort((a, b) => a.weight - b.weight);
    while (left.length) {
      const total = left.reduce((s, r) => s + r.weight, 0);
      let i = 0;
      if (total > 0) {
        let pick = random() * total;
        i = left.findIndex((r) => (pick -= r.weight) < 0);
        if (i < 0) i = left.length - 1;
      }
      out.push(left.splice(i, 1)[0]);
    }
  }
  return out;
}
async function locateDcs(domain, resolve3 = systemResolver, random) {
  const name = srvName(domain);
  let records;
  try {
    records = await resolve3(name);
  } catch (err) {
    const code2 = err.code ?? "error";
    throw new KcdmeshError(`no domain controller found for ${domain}: DNS SRV lookup of ${name} failed (${code2})`, "check the domain name and the DNS server, or give the DC with --url ldap://dc1.example.com");
  }
  const usable = records.filter((r) => r.name && r.name !== ".");
  if (!usable.length) throw new KcdmeshError(`no domain controller found for ${domain}: ${name} lists none`, "give the DC with --url ldap://dc1.example.com");
  return orderSrv(usable, random).map((r) => `ldap://${r.name.replace(/\.$/, "")}${r.port && r.port !== 389 ? `:${r.port}` : ""}`);
}
var srvName, systemResolver;
var init_dc_locator = __esm({
  "src/config/dc-locator.ts"() {
    "use strict";
    init_errors();
    srvName = (domain) => `_ldap._tcp.dc._msdcs.${domain.toLowerCase().replace(/\.$/, "")}`;
    systemResolver = (name) => new Resolver({ timeout: 5e3, tries: 2 }).resolveSrv(name);
  }
});

// src/config/ccache.ts
import { readFile } from "node:fs/promises";
async function ticketRealm(env, uid, read = readFile) {
  if (env.USERDNSDOMAIN) return env.USERDNSDOMAIN;
  const name = env.KRB5CCNAME ?? (uid === null ? "" : `FILE:/tmp/krb5cc_${uid}`);
  const path = name.startsWith("FILE:") ? name.slice(5) : name.includes(":") ? "" : name;
  if (!path) return null;
  try {
    return parseCcacheRealm(await read(path));
  } catch {
    return null;
  }
}
function parseCcacheRealm(buf) {
  if (buf.length < 4 || buf[0] !== 5 || buf[1] !== 3 && buf[1] !== 4) return null;
  let off = 2;
  if (buf[1] === 4) off += 2 + buf.readUInt16BE(2);
  off += 4;
  off += 4;
  const len = buf.readUInt32BE(off);
  off += 4;
  if (len === 0 || off + len > buf.length) return null;
  return buf.subarray(off, off + len).toString("utf8");
}
var init_ccache = __esm({
  "src/config/ccache.ts"() {
    "use strict";
  }
});

// src/config/dc-source.ts
function parseAuth(raw) {
  const value = (raw ?? "simple").toLowerCase();
  if (!AUTH_METHODS.includes(value)) {
    throw new UsageError(`unknown --auth ${JSON.stringify(raw)}`, "use --auth kerberos (your Kerberos ticket) or --auth simple (user and password, the default)");
  }
  return value;
}
function checkDomainName(domain, what) {
  const problem = dnsNameProblem(domain);
  if (problem) throw new UsageError(`${what} ${escapeForDisplay(JSON.stringify(domain.length > 80 ? `${domain.slice(0, 80)}...` : domain))} is not a DNS domain name: ${problem}`, "give the AD domain, e.g. --domain example.com");
}
function systemLookup(env) {
  return {
    locateDcs: (domain) => locateDcs(domain),
    ticketRealm: () => ticketRealm(env, typeof process.getuid === "function" ? process.getuid() : null)
  };
}
async function dcSource(flags, kerberos, lookup) {
  if (flags.url && flags.domain) throw new UsageError("both --url and --domain given", "give the DC itself (--url) or the domain whose DCs are to be found (--domain), not both");
  if (flags.url) return { urls: [flags.url], domain: null };
  let domain = flags.domain;
  if (!domain && kerberos) domain = await lookup.ticketRealm() ?? void 0;
  if (!domain) {
    throw new UsageError("no domain controller given", kerberos ? "pass --url ldap://dc1.example.com or --domain example.com (no realm could be read from a ticket)" : "pass --url ldaps://dc1.example.com or set KCDMESH_URL");
  }
  checkDomainName(domain, "the domain");
  return { urls: await lookup.locateDcs(domain.toLowerCase()), domain: domain.toLowerCase() };
}
var AUTH_METHODS;
var init_dc_source = __esm({
  "src/config/dc-source.ts"() {
    "use strict";
    init_dns_name();
    init_escape();
    init_errors();
    init_dc_locator();
    init_ccache();
    AUTH_METHODS = ["simple", "kerberos"];
  }
});

// src/core/topology.ts
function edge(source, target, services) {
  return { from: source.name, to: target.name, services, source, target };
}
function uniqueHosts(hosts) {
  const seen = /* @__PURE__ */ new Map();
  for (const h of hosts) if (!seen.has(dnKey(h))) seen.set(dnKey(h), h);
  return [...seen.values()];
}
function meshEdges(hosts, services) {
  const keys = hosts.map(dnKey);
  const edges = [];
  for (let i = 0; i < hosts.length; i++) {
    const from = hosts[i];
    for (let j = 0; j < hosts.length; j++) if (keys[i] !== keys[j]) edges.push(edge(from, hosts[j], services));
  }
  return edges;
}
function meshTopology(hosts, services, mode) {
  const members = [...hosts];
  const modes = new Map(members.map((h) => [dnKey(h), mode]));
  let edges = null;
  return {
    members,
    get edges() {
      return edges ??= meshEdges(members, services);
    },
    ...modes.size === members.length ? { mesh: { services } } : {},
    removals: /* @__PURE__ */ new Map(),
    modes
  };
}
function pairCount(topo) {
  const n = topo.members.length;
  if (!topo.mesh) return topo.edges.length;
  return n < 2 ? 0 : n * (n - 1);
}
function mergeTopologies(parts) {
  const members = uniqueHosts(parts.flatMap((p) => p.members));
  const edges = /* @__PURE__ */ new Map();
  for (const e of parts.flatMap((p) => p.edges)) {
    const key = `${dnKey(e.source)}\0${dnKey(e.target)}`;
    const had = edges.get(key);
    const services = had ? uniqueBy([...had.services, ...e.services], serviceKey) : e.services;
    edges.set(key, { ...e, services });
  }
  const removals = /* @__PURE__ */ new Map();
  const modes = /* @__PURE__ */ new Map();
  for (const p of parts) {
    for (const [dn2, values] of p.removals) removals.set(dn2, [...removals.get(dn2) ?? [], ...values]);
    for (const [dn2, mode] of p.modes) if (!modes.has(dn2) || modes.get(dn2) === null) modes.set(dn2, mode);
  }
  return { members, edges: [...edges.values()], removals, modes };
}
function wantedPlanned(host, edges) {
  return edges.filter((e) => dnKey(e.source) === dnKey(host)).flatMap((e) => targetPlanned(e.target, e.services));
}
function targetPlanned(target, services) {
  return peerValues(services, target.name, target.fqdn ?? target.name).map((spn2, i) => ({
    peer: target.name,
    service: services[Math.floor(i / 2)],
    nameForm: i % 2 === 0 ? "short" : "fqdn",
    spn: spn2
  }));
}
function wantedValues(host, edges) {
  return wantedPlanned(host, edges).map((v) => v.spn);
}
function targetsOf(edges) {
  const byDn = /* @__PURE__ */ new Map();
  const byRecord = /* @__PURE__ */ new Map();
  for (const e of edges) {
    let t = byRecord.get(e.target);
    if (!t) {
      const key = dnKey(e.target);
      t = byDn.get(key) ?? { target: e.target, services: /* @__PURE__ */ new Map(), last: null };
      byDn.set(key, t);
      byRecord.set(e.target, t);
    }
    if (t.last === e.services) continue;
    t.last = e.services;
    for (const s of e.services) t.services.set(spnKey(s), s);
  }
  return [...byDn.values()].map((t) => ({ target: t.target, services: [...t.services.values()] }));
}
var init_topology = __esm({
  "src/core/topology.ts"() {
    "use strict";
    init_keys();
    init_spn();
  }
});

// src/core/uac.ts
function hasFlag(uac, flag) {
  return (uac & flag) !== 0;
}
function isDomainController(uac) {
  return hasFlag(uac, UAC.SERVER_TRUST_ACCOUNT) || hasFlag(uac, UAC.PARTIAL_SECRETS_ACCOUNT);
}
function desiredUac(uac, mode) {
  let next = uac & ~UAC.TRUSTED_FOR_DELEGATION;
  next = mode === "any-protocol" ? next | UAC.TRUSTED_TO_AUTH_FOR_DELEGATION : next & ~UAC.TRUSTED_TO_AUTH_FOR_DELEGATION;
  return next >>> 0;
}
function currentMode(uac, valueCount) {
  if (hasFlag(uac, UAC.TRUSTED_FOR_DELEGATION)) return "unconstrained";
  if (hasFlag(uac, UAC.TRUSTED_TO_AUTH_FOR_DELEGATION)) return "any-protocol";
  return valueCount > 0 ? "kerberos-only" : "none";
}
function formatUac(uac) {
  return `0x${uac.toString(16)}`;
}
var UAC;
var init_uac = __esm({
  "src/core/uac.ts"() {
    "use strict";
    UAC = {
      ACCOUNTDISABLE: 2,
      WORKSTATION_TRUST_ACCOUNT: 4096,
      SERVER_TRUST_ACCOUNT: 8192,
      TRUSTED_FOR_DELEGATION: 524288,
      NOT_DELEGATED: 1048576,
      TRUSTED_TO_AUTH_FOR_DELEGATION: 16777216,
      PARTIAL_SECRETS_ACCOUNT: 67108864
    };
  }
});

// src/core/mesh.ts
function splitDn(dn2) {
  const rdns = [];
  let current = "";
  for (let i = 0; i < dn2.length; i++) {
    const ch = dn2[i];
    if (ch === "\\" && i + 1 < dn2.length) {
      current += ch + dn2[++i];
    } else if (ch === ",") {
      rdns.push(current);
      current = "";
    } else current += ch;
  }
  rdns.push(current);
  return rdns;
}
function domainOfDn(dn2) {
  return splitDn(dn2).map((rdn) => rdn.trim()).filter((rdn) => /^dc=/i.test(rdn)).map((rdn) => nameKey(rdn.slice(3))).join(".");
}
function checkMesh(hosts, minHosts = 2) {
  if (hosts.length < minHosts) {
    throw new UsageError(
      hosts.length === 0 ? "no hosts given" : `a mesh needs at least two hosts, got only ${hosts[0].name}`,
      "name the hosts (HV01 HV02 ..., or --hosts HV01,HV02) or use --discover"
    );
  }
  for (const h of hosts) {
    if (isDomainController(h.userAccountControl)) {
      throw new UsageError(`${h.name} is a domain controller (${h.dn})`, "kcdmesh never configures delegation on domain controllers; leave it out");
    }
    if (!h.fqdn) {
      throw new UsageError(`${h.name} has no dNSHostName, so its FQDN form cannot be written`, "join the host properly (it registers dNSHostName), or set the attribute, then try again");
    }
    if (!isSpnHostPart(h.name) || !isSpnHostPart(h.fqdn)) {
      throw new UsageError(`${escapeForDisplay(h.name)} (${escapeForDisplay(h.dn)}) has a name or dNSHostName that is not a DNS name: ${JSON.stringify(h.fqdn)}`, "fix sAMAccountName and dNSHostName of the computer in the directory; kcdmesh never writes such a name into a value");
    }
  }
  const domains = /* @__PURE__ */ new Map();
  for (const h of hosts) {
    const d = domainOfDn(h.dn);
    if (!domains.has(d)) domains.set(d, h.name);
  }
  if (domains.size > 1) {
    const list2 = [...domains].map(([d, n]) => `${n} in ${d}`).join(", ");
    throw new UsageError(`hosts are in different domains (${list2})`, "constrained delegation works only inside one domain: make one mesh per domain");
  }
}
function checkEnabled(hosts) {
  const disabled = hosts.find((h) => hasFlag(h.userAccountControl, UAC.ACCOUNTDISABLE));
  if (disabled) {
    throw new UsageError(`${disabled.name}'s computer account is disabled (${disabled.dn})`, "enable the account if the host is in service, or leave it out of the mesh");
  }
}
var init_mesh = __esm({
  "src/core/mesh.ts"() {
    "use strict";
    init_errors();
    init_escape();
    init_service_name();
    init_keys();
    init_topology();
    init_uac();
  }
});

// src/core/groups.ts
function policyOf(b) {
  return { services: b.services, mode: b.mode, maxValues: b.maxValues };
}
function checkOneDomain(groups) {
  const seen = /* @__PURE__ */ new Map();
  for (const g of groups) for (const h of [...g.hosts, ...g.storage]) if (!seen.has(domainOfDn(h.dn))) seen.set(domainOfDn(h.dn), `${h.name} (group ${g.name})`);
  if (seen.size > 1) {
    throw new UsageError(`the config spans domains: ${[...seen].map(([d, h]) => `${h} in ${d}`).join(", ")}`, "constrained delegation works only inside one domain: one config per domain");
  }
}
function groupsTopology(groups, services) {
  const modeOf = /* @__PURE__ */ new Map();
  for (const g of groups) {
    for (const h of g.hosts) {
      const had = modeOf.get(dnKey(h));
      if (had && had.mode !== g.mode) {
        throw new UsageError(`${h.name} is in group ${had.group} (${had.mode}) and group ${g.name} (${g.mode})`, "a host has one delegation mode: give both groups the same mode");
      }
      modeOf.set(dnKey(h), { mode: g.mode, group: g.name });
    }
  }
  return mergeTopologies(
    groups.map((g) => {
      const storageEdges = g.hosts.flatMap((h) => g.storage.map((s) => edge(h, s, STORAGE_SERVICES)));
      return {
        members: g.hosts,
        edges: [...meshEdges(g.hosts, services), ...storageEdges],
        removals: /* @__PURE__ */ new Map(),
        modes: new Map(g.hosts.map((h) => [dnKey(h), g.mode]))
      };
    })
  );
}
var STORAGE_SERVICES;
var init_groups = __esm({
  "src/core/groups.ts"() {
    "use strict";
    init_errors();
    init_keys();
    init_mesh();
    init_topology();
    STORAGE_SERVICES = ["cifs"];
  }
});

// src/core/onboard.ts
function onboardTopology(host, peers2, storage, services, mode) {
  const edges = [
    ...peers2.flatMap((p) => [edge(host, p, services), edge(p, host, services)]),
    ...storage.map((s) => edge(host, s, STORAGE_SERVICES))
  ];
  const modes = new Map([[dnKey(host), mode], ...peers2.map((p) => [dnKey(p), null])]);
  return { members: [host, ...peers2], edges, removals: /* @__PURE__ */ new Map(), modes };
}
function ownPeerError(host, peer) {
  const also = peer === host ? "" : ` (--peers names it as ${JSON.stringify(peer)})`;
  return new UsageError(`${host} cannot be its own peer${also}`, `list in --peers the hosts ${host} will trust both ways, without ${host} itself`);
}
var init_onboard = __esm({
  "src/core/onboard.ts"() {
    "use strict";
    init_errors();
    init_groups();
    init_keys();
    init_topology();
  }
});

// src/core/subnet.ts
import { SocketAddress, isIPv4, isIPv6 } from "node:net";
function subnetProblem(value) {
  const parts = value.split("/");
  if (parts.length > 2) return 'more than one "/"';
  const [addr, bits] = parts;
  if (addr.includes("%")) return "a zone (%...) names an interface, not a network";
  const family = isIPv4(addr) ? 4 : isIPv6(addr) ? 6 : 0;
  if (family === 0) return addr.includes(":") ? "not an IPv6 address" : "not an IPv4 address";
  if (bits === void 0) return null;
  const max = family === 4 ? 32 : 128;
  if (!/^(0|[1-9]\d{0,2})$/.test(bits) || Number(bits) > max) return `the prefix length after "/" is a whole number from 0 to ${max}`;
  return null;
}
function subnetKey(value) {
  const v = value.trim();
  if (subnetProblem(v) !== null) return v.toLowerCase();
  const [addr, bits] = v.split("/");
  const address = new SocketAddress({ address: addr, family: isIPv4(addr) ? "ipv4" : "ipv6" }).address;
  return bits === void 0 ? address : `${address}/${Number(bits)}`;
}
var init_subnet = __esm({
  "src/core/subnet.ts"() {
    "use strict";
  }
});

// src/render/fs-reason.ts
function fsReason(err) {
  const code2 = err.code ?? "";
  const words2 = {
    ENOENT: "no such file or directory",
    EACCES: "permission denied",
    EPERM: "permission denied",
    EROFS: "read-only file system",
    ENOTDIR: "part of the path is not a directory",
    EEXIST: "part of the path is not a directory",
    ENOSPC: "no space left on the device",
    EISDIR: "is a directory"
  };
  return code2 ? `${words2[code2] ?? "error"}, ${code2}` : String(err);
}
var init_fs_reason = __esm({
  "src/render/fs-reason.ts"() {
    "use strict";
  }
});

// src/io/decode.ts
function swap16(bytes2) {
  const out = new Uint8Array(bytes2.length);
  for (let i = 0; i + 1 < bytes2.length; i += 2) {
    out[i] = bytes2[i + 1];
    out[i + 1] = bytes2[i];
  }
  return out;
}
function normaliseNewlines(text) {
  return text.replace(/\r\n?/g, "\n");
}
function decodeText(bytes2) {
  let text;
  let encoding;
  try {
    if (bytes2.length >= 3 && bytes2[0] === 239 && bytes2[1] === 187 && bytes2[2] === 191) {
      text = fatalUtf8.decode(bytes2.subarray(3));
      encoding = "utf-8-bom";
    } else if (bytes2.length >= 2 && bytes2[0] === 255 && bytes2[1] === 254) {
      if (bytes2.length % 2) return { ok: false, reason: "UTF-16 text with an odd number of bytes (truncated?)" };
      text = fatalUtf16le.decode(bytes2.subarray(2));
      encoding = "utf-16le";
    } else if (bytes2.length >= 2 && bytes2[0] === 254 && bytes2[1] === 255) {
      if (bytes2.length % 2) return { ok: false, reason: "UTF-16 text with an odd number of bytes (truncated?)" };
      text = fatalUtf16le.decode(swap16(bytes2.subarray(2)));
      encoding = "utf-16be";
    } else {
      if (bytes2.length >= 2 && (bytes2[0] === 0 || bytes2[1] === 0)) return { ok: false, reason: "looks like UTF-16 without a byte-order mark" };
      text = fatalUtf8.decode(bytes2);
      encoding = "utf-8";
    }
  } catch {
    return { ok: false, reason: "not valid UTF-8 (or UTF-16 with a byte-order mark)" };
  }
  if (text.includes("\0")) return { ok: false, reason: "contains NUL characters (a binary file?)" };
  return { ok: true, text: normaliseNewlines(text), encoding };
}
var fatalUtf8, fatalUtf16le;
var init_decode = __esm({
  "src/io/decode.ts"() {
    "use strict";
    fatalUtf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
    fatalUtf16le = new TextDecoder("utf-16le", { fatal: true, ignoreBOM: true });
  }
});

// src/io/file-kinds.ts
function formatBytes(n) {
  if (n >= 1024 * 1024) return `${(n / 1024 / 1024).toFixed(n % (1024 * 1024) ? 1 : 0)} MiB`;
  if (n >= 1024) return `${(n / 1024).toFixed(n % 1024 ? 1 : 0)} KiB`;
  return `${n} bytes`;
}
var FILE_KINDS, READ_TIMEOUT_MS;
var init_file_kinds = __esm({
  "src/io/file-kinds.ts"() {
    "use strict";
    FILE_KINDS = {
      config: { label: "config", maxBytes: 4 * 1024 * 1024, hint: "give the path of a kcdmesh YAML or JSON config (see templates/)" },
      password: { label: "password file", maxBytes: 64 * 1024, hint: "give a readable file whose first line is the password (mode 0600)" },
      ca: { label: "CA file", maxBytes: 1024 * 1024, hint: "give the PEM file of the CA that signed the DC certificate" },
      backup: { label: "backup", maxBytes: 256 * 1024 * 1024, hint: "give the path of a backup file apply wrote" },
      record: { label: "record", maxBytes: 256 * 1024 * 1024, hint: "keep the records kcdmesh wrote beside the backup unmodified" }
    };
    READ_TIMEOUT_MS = 1e4;
  }
});

// src/io/file-type.ts
function fileTypeWord(st) {
  if (st.isDirectory()) return "directory";
  if (st.isFIFO()) return "FIFO (named pipe)";
  if (st.isCharacterDevice()) return "character device";
  if (st.isBlockDevice()) return "block device";
  if (st.isSocket()) return "socket";
  if (st.isSymbolicLink()) return "symbolic link";
  return "special file";
}
var init_file_type = __esm({
  "src/io/file-type.ts"() {
    "use strict";
  }
});

// src/io/read-errors.ts
var FileReadError;
var init_read_errors = __esm({
  "src/io/read-errors.ts"() {
    "use strict";
    init_errors();
    FileReadError = class extends UsageError {
      constructor(code2, message, hint) {
        super(message, hint);
        this.code = code2;
        this.name = "FileReadError";
      }
      code;
    };
  }
});

// src/io/read-file.ts
import { constants } from "node:fs";
import { open } from "node:fs/promises";
async function readCapped(fh, path, kind, max) {
  const rule = FILE_KINDS[kind];
  const st = await fh.stat();
  if (!st.isFile()) {
    throw new FileReadError("not-regular", `cannot read ${rule.label} ${path}: it is a ${fileTypeWord(st)}, not a regular file`, rule.hint);
  }
  const tooLarge = () => new FileReadError("too-large", `${rule.label} ${path} is larger than ${formatBytes(max)}, more than any real ${rule.label}`, rule.hint);
  if (st.size > max) throw tooLarge();
  const buf = Buffer.alloc(Math.min(max + 1, Math.max(st.size + 1, 64 * 1024)));
  let chunks = [];
  let total = 0;
  for (; ; ) {
    const { bytesRead } = await fh.read(buf, 0, buf.length, null);
    if (bytesRead === 0) break;
    total += bytesRead;
    if (total > max) throw tooLarge();
    chunks.push(Buffer.from(buf.subarray(0, bytesRead)));
  }
  const out = Buffer.concat(chunks, total);
  chunks = [];
  return out;
}
async function readFileBytes(path, kind, opts = {}) {
  const rule = FILE_KINDS[kind];
  const max = opts.maxBytes ?? rule.maxBytes;
  const ms = opts.timeoutMs ?? READ_TIMEOUT_MS;
  let fh = null;
  let timer;
  const work = (async () => {
    try {
      fh = await open(path, OPEN_FLAGS);
    } catch (err) {
      const code2 = err.code;
      const kindOf = code2 === "ENOENT" ? "not-found" : code2 === "EACCES" || code2 === "EPERM" ? "denied" : "io";
      throw new FileReadError(kindOf, `cannot read ${rule.label} ${path} (${fsReason(err)})`, rule.hint);
    }
    try {
      return await readCapped(fh, path, kind, max);
    } catch (err) {
      if (err instanceof FileReadError) throw err;
      throw new FileReadError("io", `cannot read ${rule.label} ${path} (${fsReason(err)})`, rule.hint);
    }
  })();
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new FileReadError("timeout", `reading ${rule.label} ${path} took more than ${ms / 1e3} s`, `${rule.hint}; a hung network mount or a special file does this`)), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
    work.catch(() => void 0).finally(() => fh?.close().catch(() => void 0));
  }
}
async function readTextFile(path, kind, opts = {}) {
  const bytes2 = await readFileBytes(path, kind, opts);
  const decoded = decodeText(bytes2);
  if (!decoded.ok) {
    const rule = FILE_KINDS[kind];
    throw new FileReadError("encoding", `cannot read ${rule.label} ${path}: ${decoded.reason}`, `save it as UTF-8 (or UTF-16 with a byte-order mark); ${rule.hint}`);
  }
  return decoded.text;
}
var OPEN_FLAGS;
var init_read_file = __esm({
  "src/io/read-file.ts"() {
    "use strict";
    init_fs_reason();
    init_decode();
    init_file_kinds();
    init_file_type();
    init_read_errors();
    OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOCTTY ?? 0);
  }
});

// src/config/baseline.ts
var baseline_exports = {};
__export(baseline_exports, {
  baselineSchema: () => baselineSchema,
  issuePath: () => issuePath,
  loadBaseline: () => loadBaseline,
  parseBaseline: () => parseBaseline
});
import { parse as parseYaml } from "yaml";
import { z } from "zod";
function issuePath(path) {
  return path.reduce((acc, p) => typeof p === "number" ? `${acc}[${p}]` : acc ? `${acc}.${String(p)}` : String(p), "") || "(top level)";
}
function describeIssue(issue) {
  if (issue.code === "unrecognized_keys") {
    const where = issuePath(issue.path);
    return `${where === "(top level)" ? "" : `${where}: `}unknown key${issue.keys.length > 1 ? "s" : ""} ${issue.keys.map((k) => JSON.stringify(k)).join(", ")}`;
  }
  return `${issuePath(issue.path)}: ${issue.message}`;
}
function checkRepeats(b, file) {
  const twice = (path, what, item, first, hint) => new UsageError(`${file}: ${path}: ${what} ${JSON.stringify(item)} is listed twice (also as ${JSON.stringify(first)})`, hint);
  const lists = [
    ["services", "service", b.services, serviceKey, "list each service once; service classes compare without regard to case"],
    ["operators", "operator", b.operators, nameKey, "list each operator once"],
    ["migration.networks", "network", b.migration?.networks ?? [], subnetKey, "list each network once; an IPv6 address has one canonical form whatever its spelling"],
    ...b.groups.flatMap((g2, i) => [
      [`groups[${i}].hosts`, "host", g2.hosts ?? [], hostKey, "list each host once in a group"],
      [`groups[${i}].storage`, "storage target", g2.storage, hostKey, "list each storage target once in a group"]
    ])
  ];
  for (const [path, what, list2, key, hint] of lists) {
    const r = firstRepeat(list2, key);
    if (r) throw twice(`${path}[${r.index}]`, what, r.item, r.first, hint);
  }
  const g = firstRepeat(b.groups, (x) => nameKey(x.name));
  if (g) throw new UsageError(`${file}: groups[${g.index}].name: group "${g.item.name}" is defined twice`, "give every group its own name");
  b.groups.forEach((grp, i) => {
    const hosts = new Set((grp.hosts ?? []).map(hostKey));
    const j = grp.storage.findIndex((s) => hosts.has(hostKey(s)));
    if (j >= 0) throw new UsageError(`${file}: groups[${i}].storage[${j}]: ${grp.storage[j]} is both a host and a storage target of group ${grp.name}`, "list it in one place");
  });
}
function parseBaseline(doc, file) {
  const conn = doc && typeof doc === "object" && "connection" in doc ? doc.connection : void 0;
  if (conn && typeof conn === "object" && "password" in conn) {
    throw new UsageError(`${file}: connection.password: a config file never holds a password`, "set KCDMESH_PASSWORD or pass --password-file");
  }
  const result = baselineSchema.safeParse(doc);
  if (!result.success) {
    const problems = result.error.issues.map(describeIssue);
    throw new UsageError(`${file}: ${problems[0]}`, problems.length > 1 ? `also: ${problems.slice(1).join("; ")}` : "see templates/ for documented examples");
  }
  checkRepeats(result.data, file);
  const groupsName = result.data.groups.some((g) => g.mode !== void 0);
  const modeGiven = typeof doc === "object" && doc !== null && "mode" in doc || groupsName;
  return { ...result.data, modeGiven };
}
async function loadBaseline(file) {
  const text = await readTextFile(file, "config");
  let doc;
  try {
    doc = parseYaml(text, { uniqueKeys: true });
  } catch (err) {
    const first = (err instanceof Error ? err.message : String(err)).split("\n")[0];
    throw new UsageError(`${file}: not valid YAML or JSON: ${first}`, "check indentation and quoting");
  }
  return parseBaseline(doc, file);
}
var service, hostName, dn, discovery, group, migration, connection, baselineSchema, hostKey;
var init_baseline = __esm({
  "src/config/baseline.ts"() {
    "use strict";
    init_mode();
    init_service_name();
    init_spn();
    init_keys();
    init_names();
    init_subnet();
    init_errors();
    init_read_file();
    service = z.string().trim().min(1).regex(/^[^/\\*()\u0000]+$/, 'a service class has no /, \\, * or parentheses (give "cifs", not "cifs/HV01")').superRefine((s, ctx) => {
      const problem = /[/\\*()\u0000]/.test(s) ? null : serviceClassProblem(s);
      if (problem) ctx.addIssue({ code: "custom", message: `not a service class: ${problem}` });
    });
    hostName = z.string().trim().min(1).superRefine((name, ctx) => {
      if (!isHostName(name)) ctx.addIssue({ code: "custom", message: `invalid host name ${JSON.stringify(name)}: a NetBIOS name (letters, digits, - and _, at most 15) or an FQDN (labels of at most 63, 253 in all)` });
    });
    dn = z.string().trim().regex(/^[A-Za-z]+=.+/, "expected a DN such as OU=Hyper-V,DC=example,DC=com");
    discovery = z.strictObject({
      searchBase: dn.optional(),
      /** An extra LDAP filter, ANDed with (objectClass=computer); the config is reviewed code, so it is taken as written. */
      filter: z.string().trim().regex(/^\(.*\)$/s, "expected an LDAP filter in parentheses").optional(),
      memberOf: dn.optional(),
      requireMigrationSpn: z.boolean().default(true)
    });
    group = z.strictObject({
      name: z.string().trim().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'letters, digits, ".", "_" and "-"'),
      hosts: z.array(hostName).optional(),
      discover: discovery.optional(),
      storage: z.array(hostName).default([]),
      mode: z.enum(MODES).optional()
    }).refine((g) => g.hosts === void 0 !== (g.discover === void 0), { message: "give either hosts or discover" });
    migration = z.strictObject({
      networks: z.array(z.string().trim().superRefine((v, ctx) => {
        const problem = subnetProblem(v);
        if (problem) ctx.addIssue({ code: "custom", message: `expected a subnet such as 192.168.10.0/24 or fd00:10::/64: ${problem}` });
      })).default([]),
      performance: z.enum(["Compression", "SMB", "TCPIP"]).default("Compression"),
      maxMigrations: z.number().int().min(1).max(64).default(2)
    });
    connection = z.strictObject({
      url: z.string().trim().min(1, "empty: give a URL, or leave the key out").optional(),
      user: z.string().trim().min(1, "empty: give a user, or leave the key out").optional(),
      caFile: z.string().trim().min(1, "empty: give a path, or leave the key out").optional(),
      starttls: z.boolean().optional(),
      searchBase: dn.optional(),
      timeout: z.number().positive().max(3600).optional()
    });
    baselineSchema = z.strictObject({
      connection: connection.optional(),
      services: z.array(service).min(1).default([...DEFAULT_SERVICES]),
      mode: z.enum(MODES).default("kerberos-only"),
      maxValues: z.number().int().min(1).max(1e5).default(1200),
      groups: z.array(group).min(1),
      /** Accounts that start migrations: verify finds those that cannot be delegated. */
      operators: z.array(z.string().trim().min(1)).default([]),
      migration: migration.optional()
    });
    hostKey = (name) => {
      const n = parseHostName(name);
      return `${n.kind}:${n.key}`;
    };
  }
});

// src/render/sentences.ts
function findingSentence(f) {
  switch (f.kind) {
    case "unconstrained-delegation":
      return `${f.host} is trusted for delegation to any service (Kerberos only), unconstrained: it can act as any user towards any service in the domain`;
    case "delegates-to-dc":
      return `${f.host} may delegate to ${f.value ?? `${f.service}/${f.peer}`} on domain controller ${f.peer}: a compromised ${f.host} can act as any user towards the domain`;
    case "missing-delegation":
      return `${cannotDelegate(f.host, f.peer ?? "?")}: missing ${list(f.missing ?? [])}`;
    case "delegates-to-none":
      return `${f.host} delegates to none of its ${plural(f.count ?? 0, "peer")}`;
    case "missing-for-every-peer":
      return `${f.host} lacks ${formsText(f.forms ?? [])} towards every one of its ${plural(f.count ?? 0, "peer")}`;
    case "target-spn-missing": {
      const via = f.via?.length ? ` (or ${f.via.join("/")})` : "";
      const hint = serviceKey(f.service ?? "") === serviceKey(MIGRATION_SERVICE) ? " (is the Hyper-V role installed?)" : "";
      return `${f.host} cannot be delegated to: it does not register ${(f.missing ?? []).map((v) => v.spn).join(" or ")}${via}${hint}`;
    }
    case "mode-mismatch":
      return f.against === "mesh" ? `${f.host} is in ${f.mode} mode, the rest of the mesh (${plural(f.count ?? 0, "host")}) in ${f.wanted}` : `${f.host} is in ${f.mode} mode, the mesh wants ${f.wanted}`;
    case "account-disabled":
      return `${f.host}'s computer account is disabled: it cannot migrate to or from its peers`;
    case "operator-not-delegable":
      return f.reason === "sensitive" ? `operator ${f.host} is marked "Account is sensitive and cannot be delegated": every migration ${f.host} starts fails` : `operator ${f.host} is in Protected Users${(f.via?.length ?? 0) > 1 ? ` (through ${f.via.slice(0, -1).join(" > ")})` : ""}: every migration ${f.host} starts fails`;
    case "operator-not-found":
      return `operator ${f.host} was not found in the directory`;
    case "value-budget":
      return `${f.host} would hold ${f.count} delegation values, ${f.severity === "error" ? "over" : "near"} the limit of ${f.limit}`;
    case "dc-unreachable":
      return `${f.host}: could not be read, so what it holds is not checked${f.detail ? ` (${f.detail})` : ""}`;
    case "not-replicated":
      return `${f.host}: ${f.value} is on ${f.on?.join(", ") || "no DC"} but not yet on ${f.missingOn?.join(", ") ?? "?"}`;
    case "unwanted-delegation":
      return `${f.host} still delegates ${f.value}, which the mesh no longer wants`;
    case "os-remote-moves":
      return `${hostList(f.hosts)} run Windows Server 2016 or later in kerberos-only mode: moves work only when started on the source host; moves started from another machine need any-protocol`;
    case "credssp-blocked":
      return `${hostList(f.hosts)} run Windows Server 2025, where Credential Guard blocks CredSSP: Kerberos delegation is the only way their moves work, and it is incomplete`;
    case "os-mixed":
      return `the hosts run different Windows versions (${(f.versions ?? []).map((v) => `${v.os}: ${v.hosts.join(", ")}`).join("; ")}): a VM cannot move to a host that does not support its configuration version`;
  }
}
function hostList(hosts) {
  const h = hosts ?? [];
  return h.length <= 8 ? h.join(", ") : `${h.slice(0, 8).join(", ")} and ${h.length - 8} more`;
}
function fixFor(f, mode) {
  switch (f.kind) {
    case "missing-delegation":
      return `Run kcdmesh apply with the same hosts (it adds exactly these values), or in ADUC: ${f.host} > Properties > Delegation > Add > ${f.peer ?? "the peer"}, and pick every missing service.`;
    case "delegates-to-none":
      return `Run kcdmesh apply with the same hosts: ${f.host} gets the values for every peer.`;
    case "missing-for-every-peer":
      return `Run kcdmesh apply with the same hosts: ${f.host} gets ${formsText(f.forms ?? [])} for every peer (in ADUC: the Delegation tab, once per peer).`;
    case "target-spn-missing": {
      const spns = (f.missing ?? []).map((v) => /^cifs\//i.test(v.spn) ? `HOST/${v.spn.slice(5)}` : v.spn);
      const migration2 = serviceKey(f.service ?? "") === serviceKey(MIGRATION_SERVICE);
      return `${migration2 ? `Install the Hyper-V role on ${f.host}, or register` : "Register"} the SPN on ${f.host}'s computer account: ${spns.map((s) => `setspn -S "${s}" ${f.host}`).join("; ")}.`;
    }
    case "mode-mismatch":
      return f.against === "mesh" ? `Pick the mesh's mode and run kcdmesh apply --mode <mode> with the same hosts (or verify with --mode to enforce one).` : `Run kcdmesh apply --mode ${mode} with the same hosts, or in ADUC: ${f.host} > Properties > Delegation > "${MODE_LABEL[mode]}". If the host's current mode is the intended one, verify with that --mode instead.`;
    case "unconstrained-delegation":
      return `Run kcdmesh apply with the same hosts (it clears the flag), or in ADUC: ${f.host} > Properties > Delegation > "Trust this computer for delegation to specified services only".`;
    case "delegates-to-dc":
      return `Remove ${f.value} from ${f.host} on the Delegation tab in ADUC: hosts never delegate to a domain controller.`;
    case "account-disabled":
      return `Enable ${f.host}'s computer account if the host is in service; otherwise leave it out of the mesh.`;
    case "operator-not-delegable":
      return f.reason === "sensitive" ? `Start migrations as another account, or clear "Account is sensitive and cannot be delegated" on ${f.host} (ADUC > Account).` : `Start migrations as an account outside Protected Users${(f.via?.length ?? 0) > 1 ? `, or take ${f.host} out of ${f.via[0]}` : ""}.`;
    case "operator-not-found":
      return "Check the --operator name (sAMAccountName or UPN).";
    case "value-budget":
      return "Split the hosts into migration groups (meshes that do not cross), or raise --max-values if the forest allows more.";
    case "unwanted-delegation":
      return "Run kcdmesh apply with the same config and --prune (it removes exactly these values), or remove them in ADUC on the Delegation tab.";
    case "dc-unreachable":
      return `Make ${f.host} reachable from here (its name resolves, LDAPS answers, its certificate lists that name), then verify --all-dcs again.`;
    case "not-replicated":
      return "Wait for replication (or run repadmin /syncall), then verify --all-dcs again; hosts using a lagging DC get the old answer until then.";
    case "os-remote-moves":
      return "Start moves on the source host, or use any-protocol (kcdmesh apply --mode any-protocol) for remote moves.";
    case "credssp-blocked":
      return "Run kcdmesh apply with the same hosts so every pair is complete.";
    case "os-mixed":
      return "Move VMs towards newer hosts only, or keep their configuration version at the oldest host's level (Update-VMVersion only when every host supports it).";
  }
}
function countText(findings) {
  if (findings.length === 0) return "0";
  const parts = ["critical", "error", "warning"].map((s) => [findings.filter((f) => f.severity === s).length, s]).filter(([n]) => n > 0).map(([n, s]) => s === "critical" ? `${n} critical` : plural(n, s));
  return `${findings.length} (${parts.join(", ")})`;
}
function verifySummary(v) {
  const { planned, complete } = v.pairCounts;
  if (v.ok && v.count === 0) return `Verified: ${v.hosts.length} hosts, ${planned} directed pairs, every pair trusted both ways (${v.mode}).`;
  if (v.ok) return `Verified: ${v.hosts.length} hosts, every pair trusted both ways (${v.mode}). Findings: ${countText(v.findings)}.`;
  return `Findings: ${countText(v.findings)}; ${complete} of ${planned} directed pairs work.`;
}
var plural, FORM_WORDS, cannotDelegate, list, formsText;
var init_sentences = __esm({
  "src/render/sentences.ts"() {
    "use strict";
    init_keys();
    init_spn();
    init_mode();
    plural = (n, word, many = `${word}s`) => `${n} ${n === 1 ? word : many}`;
    FORM_WORDS = { short: "short name", fqdn: "FQDN" };
    cannotDelegate = (host, peer) => `${host} cannot delegate to ${peer}`;
    list = (values) => values.map((v) => v.spn).join(", ");
    formsText = (forms) => {
      const parts = forms.map((f) => `${f.service} by ${FORM_WORDS[f.nameForm]}`);
      return parts.length <= 1 ? parts.join("") : `${parts.slice(0, -1).join(", ")} and ${parts[parts.length - 1]}`;
    };
  }
});

// src/render/json.ts
function words(_key, value) {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return value;
  if (isFinding(value)) return { ...value, message: findingSentence(value) };
  if (isHostPlan(value)) {
    const { current: _current, planned: _planned, unmanaged: _unmanaged, ...rest } = value;
    return rest;
  }
  if (isEdge(value)) {
    const { source: _source, target: _target, ...byName2 } = value;
    return byName2;
  }
  if (isVerdict(value)) {
    const { trust: _trust, ...rest } = value;
    return rest;
  }
  return value;
}
function renderJson(kind, body) {
  return `${JSON.stringify({ formatVersion: FORMAT_VERSION, kind, ...body }, words, 2)}
`;
}
function* items(list2, pad) {
  const inner = `${pad}  `;
  for (let i = 0; i < list2.length; i++) {
    const text = JSON.stringify(omitted(list2[i]) ? null : list2[i], words, 2);
    yield `${i ? "," : "["}
${inner}${text.replaceAll("\n", `
${inner}`)}`;
  }
  yield `
${pad}]`;
}
function* pieces(value, pad, depth = 0) {
  const plain = value !== null && typeof value === "object" && typeof value.toJSON !== "function" && (Array.isArray(value) || depth < WHOLE_DEPTH);
  if (plain && Array.isArray(value)) {
    if (value.length === 0) return yield "[]";
    if (depth + 1 >= WHOLE_DEPTH) return yield* items(value, pad);
    const inner = `${pad}  `;
    for (let i = 0; i < value.length; i++) {
      yield `${i ? "," : "["}
${inner}`;
      yield* pieces(omitted(value[i]) ? null : value[i], inner, depth + 1);
    }
    return yield `
${pad}]`;
  }
  if (plain) {
    const inner = `${pad}  `;
    let first = true;
    for (const [k, v] of Object.entries(words("", value))) {
      if (omitted(v)) continue;
      yield `${first ? "{" : ","}
${inner}${JSON.stringify(k)}: `;
      yield* pieces(v, inner, depth + 1);
      first = false;
    }
    return yield first ? "{}" : `
${pad}}`;
  }
  const text = JSON.stringify(value, words, 2);
  yield pad ? text.replaceAll("\n", `
${pad}`) : text;
}
function* jsonChunks(kind, body) {
  let buffer = "";
  for (const piece of pieces({ formatVersion: FORMAT_VERSION, kind, ...body }, "")) {
    buffer += piece;
    if (buffer.length >= CHUNK) {
      yield buffer;
      buffer = "";
    }
  }
  yield `${buffer}
`;
}
var FORMAT_VERSION, isFinding, isHostPlan, isVerdict, isEdge, CHUNK, omitted, WHOLE_DEPTH;
var init_json = __esm({
  "src/render/json.ts"() {
    "use strict";
    init_sentences();
    FORMAT_VERSION = 2;
    isFinding = (v) => "kind" in v && "severity" in v && "host" in v && typeof v.kind === "string";
    isHostPlan = (v) => "planned" in v && "current" in v && "add" in v;
    isVerdict = (v) => "trust" in v && "pairCounts" in v && "findings" in v;
    isEdge = (v) => "source" in v && "target" in v && "services" in v;
    CHUNK = 1 << 20;
    omitted = (v) => v === void 0 || typeof v === "function" || typeof v === "symbol";
    WHOLE_DEPTH = 2;
  }
});

// src/io/kernel-fs.ts
import { statfsSync } from "node:fs";
import { statfs } from "node:fs/promises";
import { dirname, resolve } from "node:path";
function kernelFsOfSync(path) {
  if (process.platform !== "linux") return null;
  for (const p of [path, dirname(resolve(path))]) {
    try {
      return nameOf(statfsSync(p).type);
    } catch {
    }
  }
  return null;
}
async function kernelFsOf(path) {
  if (process.platform !== "linux") return null;
  for (const p of [path, dirname(resolve(path))]) {
    const fs = await statfs(p).catch(() => null);
    if (fs) return nameOf(fs.type);
  }
  return null;
}
function kernelFsWords(fs) {
  return `it is on ${fs}, a kernel file system, not a place that keeps what is written`;
}
var KERNEL_FS, nameOf;
var init_kernel_fs = __esm({
  "src/io/kernel-fs.ts"() {
    "use strict";
    KERNEL_FS = /* @__PURE__ */ new Map([
      [40864, "/proc"],
      [1650812274, "/sys"],
      [1684170528, "debugfs"],
      [1953653091, "tracefs"],
      [2613483, "cgroup"],
      [1667723888, "cgroup2"],
      [1935894131, "securityfs"],
      [1650812272, "configfs"],
      [3405662737, "bpf"],
      [3730735588, "efivarfs"],
      [1634035564, "pstore"]
    ]);
    nameOf = (type) => KERNEL_FS.get(Number(BigInt.asUintN(32, BigInt(type)))) ?? null;
  }
});

// src/io/special-file.ts
import { constants as constants2, lstatSync } from "node:fs";
function refuseSpecialSync(path, label, hint) {
  const kernel = kernelFsOfSync(path);
  if (kernel) throw new UsageError(`refusing to write the ${label} ${path}: ${kernelFsWords(kernel)}`, hint);
  let st;
  try {
    st = lstatSync(path);
  } catch {
    return;
  }
  if (st.isSymbolicLink()) throw new UsageError(`refusing to write the ${label} ${path}: it is a symbolic link`, hint);
  if (!st.isFile()) throw new UsageError(`refusing to write the ${label} ${path}: it is a ${fileTypeWord(st)}, not a regular file`, hint);
}
var SYNC_APPEND_FLAGS;
var init_special_file = __esm({
  "src/io/special-file.ts"() {
    "use strict";
    init_errors();
    init_file_type();
    init_kernel_fs();
    SYNC_APPEND_FLAGS = constants2.O_WRONLY | constants2.O_APPEND | constants2.O_CREAT | (constants2.O_NOFOLLOW ?? 0) | (constants2.O_NONBLOCK ?? 0);
  }
});

// src/ui/log-file.ts
var log_file_exports = {};
__export(log_file_exports, {
  openLogFile: () => openLogFile
});
import { closeSync, openSync, writeSync } from "node:fs";
import { Writable } from "node:stream";
import winston from "winston";
function appendStream(file, sink) {
  let failed = false;
  return new Writable({
    write(chunk, _enc, done) {
      if (!failed) {
        try {
          const fd = openSync(file, SYNC_APPEND_FLAGS, 384);
          try {
            writeSync(fd, chunk.toString());
          } finally {
            closeSync(fd);
          }
        } catch (err) {
          failed = true;
          sink.write(`kcdmesh: warn: the log file ${file} refused a line (${fsReason(err)}); the rest of this run is not in it
`);
        }
      }
      done();
    }
  });
}
function openLogFile(sink, file) {
  refuseSpecialSync(file, "log file", "give --log-file a regular file in a directory you can write to");
  try {
    closeSync(openSync(file, SYNC_APPEND_FLAGS, 384));
  } catch (err) {
    throw new UsageError(`cannot write the log file ${file} (${fsReason(err)})`, "give --log-file a file in a directory you can write to");
  }
  const transport = new winston.transports.Stream({
    stream: appendStream(file, sink),
    level: "debug",
    format: winston.format.combine(winston.format.timestamp(), winston.format.printf(({ timestamp, level, message }) => `${String(timestamp)} ${level} ${String(message)}`))
  });
  const logger = winston.createLogger({ level: "debug", transports: [transport] });
  return { log: (level, message) => logger.log(level, message) };
}
var init_log_file = __esm({
  "src/ui/log-file.ts"() {
    "use strict";
    init_errors();
    init_special_file();
    init_fs_reason();
  }
});

// src/version.ts
var VERSION;
var init_version = __esm({
  "src/version.ts"() {
    "use strict";
    VERSION = "0.1.0";
  }
});

// src/core/findings.ts
function targetFindings(hosts, services, mappings) {
  const out = [];
  for (const target of hosts) {
    const registered = new Set(target.servicePrincipalNames.map(spnKey));
    for (const service2 of services) {
      const classes = servingClasses(service2, mappings);
      const forms = [
        { nameForm: "short", form: target.name },
        { nameForm: "fqdn", form: target.fqdn ?? target.name }
      ];
      const missing = forms.filter(({ form }) => !classes.some((c) => registered.has(spnKey(`${c}/${form}`)))).map(({ nameForm, form }) => ({ peer: target.name, service: service2, nameForm, spn: `${service2}/${form}` }));
      if (missing.length === 0) continue;
      out.push({
        kind: "target-spn-missing",
        severity: "error",
        host: target.name,
        service: service2,
        missing,
        ...classes.length > 1 ? { via: classes.slice(1).map((c) => c.toUpperCase()) } : {}
      });
    }
  }
  return out;
}
function accountFindings(hosts) {
  return hosts.filter((h) => hasFlag(h.userAccountControl, UAC.ACCOUNTDISABLE)).map((h) => ({ kind: "account-disabled", severity: "error", host: h.name }));
}
function delegationFindings(hp, edges) {
  if (hp.planned.length === 0) return [];
  const byPeer = groupBy(hp.planned, (v) => v.peer);
  const none = edges.length >= 2 && edges.every((e) => (byPeer.get(e.to)?.length ?? 0) >= e.services.length * FORMS.length);
  if (none) return [{ kind: "delegates-to-none", severity: "error", host: hp.host, count: edges.length }];
  const everywhere = missingEverywhere(byPeer, edges);
  const out = everywhere.map(({ forms, peers: peers2 }) => ({ kind: "missing-for-every-peer", severity: "error", host: hp.host, count: peers2, forms }));
  const covered = new Set(everywhere.flatMap((g) => g.forms).map(formKey));
  for (const [peer, values] of byPeer) {
    const missing = covered.size ? values.filter((v) => !covered.has(formKey(v))) : values;
    if (missing.length) out.push({ kind: "missing-delegation", severity: "error", host: hp.host, peer, missing });
  }
  return out;
}
function missingEverywhere(byPeer, edges) {
  const lacking = /* @__PURE__ */ new Map();
  for (const [peer, values] of byPeer) lacking.set(peer, new Set(values.map(formKey)));
  const groups = /* @__PURE__ */ new Map();
  for (const service2 of uniqueBy(edges.flatMap((e) => e.services), serviceKey)) {
    const needing = edges.filter((e) => e.services.some((s) => serviceKey(s) === serviceKey(service2)));
    if (needing.length < EVERY_PEER_MIN) continue;
    const who = needing.map((e) => e.to).join("\0");
    for (const nameForm of FORMS) {
      const key = formKey({ service: service2, nameForm });
      if (!needing.every((e) => lacking.get(e.to)?.has(key))) continue;
      const group2 = groups.get(who) ?? groups.set(who, { forms: [], peers: needing.length }).get(who);
      group2.forms.push({ service: service2, nameForm });
    }
  }
  return [...groups.values()];
}
function dcTargetFindings(hosts, dcs, notWanted) {
  const names2 = /* @__PURE__ */ new Map();
  for (const d of dcs) {
    names2.set(nameKey(d.name), d.name);
    if (d.fqdn) names2.set(nameKey(d.fqdn), d.name);
  }
  if (names2.size === 0) return [];
  const named = (form) => form !== null && names2.has(nameKey(form));
  const narrow = notWanted !== void 0 && !hosts.some((h) => named(h.name) || named(h.fqdn));
  const lengths = new Set([...names2.keys()].map((k) => k.length));
  const looked = /* @__PURE__ */ new Map();
  const dcOf = (value) => {
    const host = spnHostPart(value);
    if (host === null) return null;
    const bare = host.trim();
    if (!lengths.has(bare.length) && !bare.includes("\u0130")) return null;
    const dc = names2.get(nameKey(bare));
    const p = dc ? parseSpn(value) : null;
    return p && dc ? { dc, service: p.service } : null;
  };
  const out = [];
  for (const h of hosts) {
    const some = narrow ? notWanted(h) : h.delegateTo;
    if (some.length === 0) continue;
    const mine = some === h.delegateTo ? null : new Set(some);
    for (const value of h.delegateTo) {
      if (mine && !mine.has(value)) continue;
      let hit = looked.get(value);
      if (hit === void 0) looked.set(value, hit = dcOf(value));
      if (hit) out.push({ kind: "delegates-to-dc", severity: "critical", host: h.name, peer: hit.dc, service: hit.service, value });
    }
  }
  return out;
}
function verifyFindings(plan, options = { enforceMode: true }) {
  const edgesFrom = plan.hosts.some((hp) => hp.planned.length) ? groupBy(plan.edges, (e) => e.from) : /* @__PURE__ */ new Map();
  const out = [];
  for (const hp of plan.hosts) {
    for (const f of delegationFindings(hp, edgesFrom.get(hp.host) ?? [])) out.push(f);
    for (const value of hp.remove) out.push({ kind: "unwanted-delegation", severity: "error", host: hp.host, value });
    if (!hp.uac) continue;
    const { from, to } = hp.uac;
    if (hasFlag(from, UAC.TRUSTED_FOR_DELEGATION)) out.push({ kind: "unconstrained-delegation", severity: "critical", host: hp.host });
    if (options.enforceMode && hasFlag(from, UAC.TRUSTED_TO_AUTH_FOR_DELEGATION) !== hasFlag(to, UAC.TRUSTED_TO_AUTH_FOR_DELEGATION)) {
      const mode = hasFlag(from, UAC.TRUSTED_TO_AUTH_FOR_DELEGATION) ? "any-protocol" : "kerberos-only";
      out.push({ kind: "mode-mismatch", severity: "error", host: hp.host, mode, wanted: plan.mode, against: "policy" });
    }
  }
  for (const w of plan.warnings) out.push(w);
  return out;
}
var FORMS, EVERY_PEER_MIN, formKey;
var init_findings = __esm({
  "src/core/findings.ts"() {
    "use strict";
    init_keys();
    init_spn();
    init_uac();
    FORMS = ["short", "fqdn"];
    EVERY_PEER_MIN = 3;
    formKey = (f) => `${serviceKey(f.service)}\0${f.nameForm}`;
  }
});

// src/core/marks.ts
var RoundMarks;
var init_marks = __esm({
  "src/core/marks.ts"() {
    "use strict";
    RoundMarks = class {
      marks = new Int32Array(64);
      round = 1;
      clear() {
        this.round++;
      }
      add(n) {
        if (n >= this.marks.length) {
          const grown = new Int32Array(Math.max(n + 1, this.marks.length * 2));
          grown.set(this.marks);
          this.marks = grown;
        }
        this.marks[n] = this.round;
      }
      has(n) {
        return n < this.marks.length && this.marks[n] === this.round;
      }
    };
  }
});

// src/core/plan.ts
function missingValues(wanted, have) {
  const keys = new Set(have.map(spnKey));
  const out = [];
  for (const v of wanted) {
    const k = spnKey(v);
    if (keys.has(k)) continue;
    keys.add(k);
    out.push(v);
  }
  return out;
}
function heldAsWritten(parts, have) {
  let k = 0;
  for (const { planned } of parts) for (const v of planned) if (have[k++] !== v.spn) return false;
  return k === have.length;
}
function compare(parts, have, spellings) {
  if (heldAsWritten(parts, have)) return { missing: [], unwanted: [] };
  const other = spellings.hold(parts, have);
  let seen = null;
  const missing = [];
  for (const { planned, keys, ids } of parts) {
    for (let i = 0; i < planned.length; i++) {
      if (spellings.holds(ids[i])) continue;
      seen ??= new Set(have.map(spnKey));
      const k = keys[i];
      if (seen.has(k)) continue;
      seen.add(k);
      missing.push(planned[i]);
    }
  }
  if (other.length === 0) return { missing, unwanted: other };
  const wantedKeys = /* @__PURE__ */ new Set();
  for (const { keys } of parts) for (const k of keys) wantedKeys.add(k);
  return { missing, unwanted: other.filter((v) => !wantedKeys.has(spnKey(v))) };
}
function planCache() {
  const spellings = new HeldSpellings();
  const byServices = /* @__PURE__ */ new Map();
  let services = null;
  let byTarget = /* @__PURE__ */ new Map();
  const valuesOf = (target, list2) => {
    if (list2 !== services) {
      services = list2;
      const known = byServices.get(services);
      if (known) byTarget = known;
      else byServices.set(services, byTarget = /* @__PURE__ */ new Map());
    }
    let tv = byTarget.get(target);
    if (!tv) {
      const planned = targetPlanned(target, list2);
      tv = { planned, keys: planned.map((v) => spnKey(v.spn)), ids: planned.map((v) => spellings.idOf(v.spn)) };
      byTarget.set(target, tv);
    }
    return tv;
  };
  const oneListTargets = () => {
    if (byServices.size !== 1) return null;
    const [[list2, targets2]] = byServices;
    return [...targets2.keys()].map((target) => ({ target, services: list2 }));
  };
  return { valuesOf, spellings, oneListTargets };
}
function planMember(host, topo, parts, spellings) {
  const drop = new Set((topo.removals.get(dnKey(host)) ?? []).map(spnKey));
  const remove = drop.size ? host.delegateTo.filter((v) => drop.has(spnKey(v))) : [];
  const mode = topo.modes.get(dnKey(host)) ?? null;
  const to = mode ? desiredUac(host.userAccountControl, mode) : host.userAccountControl;
  const kept = drop.size ? host.delegateTo.filter((v) => !drop.has(spnKey(v))) : host.delegateTo;
  const { missing: planned, unwanted } = compare(parts, kept, spellings);
  return {
    host: host.name,
    dn: host.dn,
    // the values read, shared with the host record (neither is ever changed): not a copy of N values per host
    current: host.delegateTo,
    add: planned.map((v) => v.spn),
    planned,
    remove,
    unmanaged: unwanted,
    uac: to === host.userAccountControl ? null : { from: host.userAccountControl, to }
  };
}
function meshParts(members, services, valuesOf) {
  if (members.length < 2) return () => [];
  const all = members.map((m) => valuesOf(m, services));
  return (_host, at) => all.slice(0, at).concat(all.slice(at + 1));
}
function edgeParts(edges, valuesOf) {
  const partsByFrom = /* @__PURE__ */ new Map();
  let source = null;
  let parts = [];
  for (const e of edges) {
    if (e.source !== source) {
      source = e.source;
      const key = dnKey(source);
      parts = partsByFrom.get(key) ?? [];
      if (!partsByFrom.has(key)) partsByFrom.set(key, parts);
    }
    parts.push(valuesOf(e.target, e.services));
  }
  return (host) => partsByFrom.get(dnKey(host)) ?? [];
}
function planTopology(topo, policy, mappings) {
  const { valuesOf, spellings, oneListTargets } = planCache();
  const partsOf = topo.mesh ? meshParts(topo.members, topo.mesh.services, valuesOf) : edgeParts(topo.edges, valuesOf);
  const plans = topo.members.map((h, at) => planMember(h, topo, partsOf(h, at), spellings));
  const position = new Map(topo.members.map((m, i) => [dnKey(m), i]));
  const order = (dn2) => position.get(dn2) ?? topo.members.length;
  const targets2 = targetsOf(oneListTargets() ?? topo.edges).sort((a, b) => order(dnKey(a.target)) - order(dnKey(b.target)) || a.target.name.localeCompare(b.target.name));
  return {
    mode: policy.mode,
    services: [...policy.services],
    hosts: plans,
    // the topology's edges are the plan's: a mesh's N^2 edges are not copied, nor made unless read
    get edges() {
      return topo.edges;
    },
    pairCount: pairCount(topo),
    warnings: [
      ...targets2.flatMap((t) => targetFindings([t.target], t.services, mappings)),
      ...accountFindings(topo.members),
      ...budgetFindings(plans, policy.maxValues)
    ]
  };
}
function valuesAfter(p) {
  return p.current.length + p.add.length - p.remove.length;
}
function budgetFindings(plans, maxValues) {
  const warnAt = Math.floor(maxValues * WARN_SHARE);
  return plans.flatMap((p) => {
    const n = valuesAfter(p);
    if (n <= warnAt) return [];
    const over = n > maxValues;
    return [{ kind: "value-budget", severity: over ? "error" : "warning", host: p.host, count: n, limit: maxValues }];
  });
}
function assertWritable(plan) {
  const over = plan.warnings.find((w) => w.kind === "value-budget" && w.severity === "error");
  if (over) {
    throw new UsageError(`${over.host} would hold ${over.count} delegation values, over the limit of ${over.limit}`, "split the hosts into migration groups (meshes that do not cross), or raise --max-values if your forest allows more");
  }
}
function isEmptyPlan(plan) {
  return !plan.hosts.some(hostChanges);
}
function countPlan(plan) {
  const changed = plan.hosts.filter(hostChanges);
  return {
    add: plan.hosts.reduce((n, h) => n + h.add.length, 0),
    remove: plan.hosts.reduce((n, h) => n + h.remove.length, 0),
    uac: plan.hosts.filter((h) => h.uac).length,
    hostsChanged: changed.length
  };
}
function planFingerprint(plan) {
  return JSON.stringify(plan.hosts.map((h) => [dnKey(h), h.add.map(spnKey).sort(), h.remove.map(spnKey).sort(), h.uac]));
}
var WARN_SHARE, HeldSpellings;
var init_plan = __esm({
  "src/core/plan.ts"() {
    "use strict";
    init_errors();
    init_findings();
    init_keys();
    init_marks();
    init_topology();
    init_uac();
    WARN_SHARE = 2 / 3;
    HeldSpellings = class {
      ids = /* @__PURE__ */ new Map();
      wanted = new RoundMarks();
      held = new RoundMarks();
      idOf(spelling) {
        let id = this.ids.get(spelling);
        if (id === void 0) this.ids.set(spelling, id = this.ids.size);
        return id;
      }
      /**
       * Start a host: mark the spellings it wants (`parts`) and which of them it holds. Returns the values it
       * holds in no wanted spelling (none, for a host of a mesh kcdmesh wrote).
       */
      hold(parts, values) {
        this.wanted.clear();
        this.held.clear();
        for (const { ids } of parts) for (const id of ids) this.wanted.add(id);
        const rest = [];
        for (const v of values) {
          const id = this.ids.get(v);
          if (id !== void 0 && this.wanted.has(id)) this.held.add(id);
          else rest.push(v);
        }
        return rest;
      }
      /** Whether the host of the last `hold` holds spelling `id` exactly. */
      holds(id) {
        return this.held.has(id);
      }
    };
  }
});

// src/core/matrix.ts
function trustOf(hosts, plan) {
  const gaps = /* @__PURE__ */ new Map();
  for (const h of hosts) if (h.planned.length) gaps.set(h.host, groupBy(h.planned, (v) => v.peer));
  return {
    get edges() {
      return plan.edges;
    },
    pairs: plan.pairCount,
    gaps
  };
}
function* pairsOf(t) {
  for (const e of t.edges) yield pairOf(e, t.gaps.get(e.from)?.get(e.to));
}
function pairStates(findings) {
  return statesWith(undelegableTargets(findings));
}
function statesWith(noSpn) {
  return (p) => noSpn.size && p.services.some((s) => noSpn.has(`${p.to}\0${serviceKey(s)}`)) ? "undelegable" : pairState(p);
}
function pairCounts(t, findings) {
  const noSpn = undelegableTargets(findings);
  const state = statesWith(noSpn);
  const counts = { planned: 0, complete: 0, partial: 0, none: 0, undelegable: 0 };
  if (t.gaps.size === 0 && noSpn.size === 0) return { ...counts, planned: t.pairs, complete: t.pairs };
  for (const e of t.edges) {
    counts.planned++;
    const g = t.gaps.get(e.from)?.get(e.to);
    if (g === void 0 && noSpn.size === 0) counts.complete++;
    else counts[state(pairOf(e, g))]++;
  }
  return counts;
}
function undelegableTargets(findings) {
  return new Set(findings.filter((f) => f.kind === "target-spn-missing").map((f) => `${f.host}\0${serviceKey(f.service ?? "")}`));
}
function pairState(p) {
  if (p.missing === 0) return "complete";
  return p.missing >= p.expected ? "none" : "partial";
}
function cellOf(from, to, p, services, undelegable) {
  if (from === to) return { from, to, state: "self", services: [], present: 0, expected: 0, gaps: [] };
  if (!p) return { from, to, state: "unplanned", services: [], present: 0, expected: 0, gaps: [] };
  const cells = services.map((service2) => {
    const missing = new Set(p.gaps.filter((g) => serviceKey(g.service) === serviceKey(service2)).map((g) => g.nameForm));
    const forms = FORMS2.filter((f) => missing.has(f));
    const wanted = p.services.some((s) => serviceKey(s) === serviceKey(service2));
    const state2 = wanted && undelegable(to, service2) ? "undelegable" : forms.length === 0 ? "complete" : forms.length >= 2 ? "missing" : "partial";
    return { service: service2, state: state2, missing: forms };
  });
  const state = cells.some((c) => c.state === "undelegable") ? "undelegable" : pairState(p);
  return { from, to, state, services: cells, present: p.expected - p.missing, expected: p.expected, gaps: p.gaps };
}
function matrixRows(names2, pairs, services, findings) {
  const byPair = /* @__PURE__ */ new Map();
  for (const p of pairs) byPair.set(`${p.from}\0${p.to}`, p);
  const noSpn = undelegableTargets(findings);
  const undelegable = (target, service2) => noSpn.has(`${target}\0${serviceKey(service2)}`);
  return names2.map((from) => {
    const cells = names2.map((to) => cellOf(from, to, byPair.get(`${from}\0${to}`), services, undelegable));
    return { host: from, broken: cells.filter((c) => c.state !== "complete" && c.state !== "self" && c.state !== "unplanned").length, cells };
  });
}
var NO_GAPS, pairOf, FORMS2;
var init_matrix = __esm({
  "src/core/matrix.ts"() {
    "use strict";
    init_keys();
    NO_GAPS = [];
    pairOf = (e, gaps = NO_GAPS) => ({ from: e.from, to: e.to, services: e.services, expected: e.services.length * 2, missing: gaps.length, gaps });
    FORMS2 = ["short", "fqdn"];
  }
});

// src/core/mesh-mode.ts
function constrainedMode(h) {
  return hasFlag(h.userAccountControl, UAC.TRUSTED_TO_AUTH_FOR_DELEGATION) ? "any-protocol" : "kerberos-only";
}
function meshModeFindings(hosts) {
  const configured = hosts.filter((h) => h.delegateTo.length > 0 || hasFlag(h.userAccountControl, UAC.TRUSTED_TO_AUTH_FOR_DELEGATION));
  const any = configured.filter((h) => constrainedMode(h) === "any-protocol").length;
  const kerb = configured.length - any;
  if (any === 0 || kerb === 0) return [];
  const wanted = any > kerb ? "any-protocol" : "kerberos-only";
  return configured.filter((h) => constrainedMode(h) !== wanted).map((h) => ({ kind: "mode-mismatch", severity: "error", host: h.name, mode: constrainedMode(h), wanted, against: "mesh", count: wanted === "any-protocol" ? any : kerb }));
}
function meshMode(hosts) {
  const configured = hosts.filter((h) => h.delegateTo.length > 0 || hasFlag(h.userAccountControl, UAC.TRUSTED_TO_AUTH_FOR_DELEGATION));
  const any = configured.filter((h) => constrainedMode(h) === "any-protocol").length;
  return any > configured.length - any ? "any-protocol" : "kerberos-only";
}
var init_mesh_mode = __esm({
  "src/core/mesh-mode.ts"() {
    "use strict";
    init_uac();
  }
});

// src/core/operators.ts
function operatorFindings(operators) {
  return operators.flatMap((o) => {
    if (!o.name) return [{ kind: "operator-not-found", severity: "error", host: o.input }];
    const out = [];
    if (hasFlag(o.userAccountControl, UAC.NOT_DELEGATED)) out.push({ kind: "operator-not-delegable", severity: "error", host: o.name, reason: "sensitive" });
    if (o.protectedVia) out.push({ kind: "operator-not-delegable", severity: "error", host: o.name, reason: "protected-users", via: o.protectedVia });
    return out;
  });
}
function chainTo(start, target, memberOf) {
  const key = (dn2) => dnKey(dn2);
  const prev = /* @__PURE__ */ new Map([[key(start), null]]);
  const spelled = /* @__PURE__ */ new Map([[key(start), start]]);
  const queue = [start];
  while (queue.length) {
    const dn2 = queue.shift();
    if (key(dn2) === key(target)) {
      const path = [];
      for (let k = key(dn2); k !== null && k !== key(start); k = prev.get(k) ?? null) path.unshift(spelled.get(k));
      return path;
    }
    for (const g of memberOf(dn2)) {
      if (prev.has(key(g))) continue;
      prev.set(key(g), key(dn2));
      spelled.set(key(g), g);
      queue.push(g);
    }
  }
  return null;
}
var init_operators = __esm({
  "src/core/operators.ts"() {
    "use strict";
    init_keys();
    init_uac();
  }
});

// src/core/preflight.ts
function hostOs(h) {
  const operatingSystem = h.operatingSystem?.trim() || null;
  const operatingSystemVersion = h.operatingSystemVersion?.trim() || null;
  const m = /\((\d+)\)/.exec(operatingSystemVersion ?? "");
  const build = m ? Number(m[1]) : null;
  const byBuild = build === null ? void 0 : RELEASES.find(([b]) => build >= b)?.[1];
  const byName2 = /Windows Server (\d{4}( R2)?)/i.exec(operatingSystem ?? "");
  return { release: byBuild ?? (byName2 ? `Windows Server ${byName2[1]}` : operatingSystem), build, operatingSystem, operatingSystemVersion };
}
function preflightFindings({ hosts, modeOf, incomplete }) {
  const out = [];
  const os = new Map(hosts.map((h) => [h.name, hostOs(h)]));
  const remote = hosts.filter((h) => modeOf(h) === "kerberos-only" && at2016(os.get(h.name))).map((h) => h.name);
  if (remote.length) out.push({ kind: "os-remote-moves", severity: "warning", host: remote[0], hosts: remote, count: remote.length });
  const blocked = hosts.filter((h) => at2025(os.get(h.name)) && incomplete.has(h.name)).map((h) => h.name);
  if (blocked.length) out.push({ kind: "credssp-blocked", severity: "warning", host: blocked[0], hosts: blocked, count: blocked.length });
  const byRelease = /* @__PURE__ */ new Map();
  for (const h of hosts) {
    const r = os.get(h.name).release;
    if (r) byRelease.set(r, [...byRelease.get(r) ?? [], h.name]);
  }
  if (byRelease.size > 1) {
    const versions = [...byRelease].map(([o, names2]) => ({ os: o, hosts: names2 })).sort((a, b) => a.os.localeCompare(b.os));
    out.push({ kind: "os-mixed", severity: "warning", host: versions[0].hosts[0], versions, count: byRelease.size });
  }
  return out;
}
var RELEASES, at2016, at2025;
var init_preflight = __esm({
  "src/core/preflight.ts"() {
    "use strict";
    RELEASES = [
      [26100, "Windows Server 2025"],
      [20348, "Windows Server 2022"],
      [17763, "Windows Server 2019"],
      [14393, "Windows Server 2016"]
    ];
    at2016 = (os) => (os.build ?? 0) >= 14393 || /Windows Server 20(1[6-9]|2\d)/i.test(os.release ?? "");
    at2025 = (os) => (os.build ?? 0) >= 26100 || /Windows Server 2025/i.test(os.release ?? "");
  }
});

// src/core/verdict.ts
function orderFindings(findings) {
  return [...findings].sort((a, b) => SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity) || hostOrder(a.host, b.host) || hostOrder(a.peer ?? "", b.peer ?? ""));
}
function worstOf(findings) {
  return SEVERITIES.find((s) => findings.some((f) => f.severity === s)) ?? null;
}
function isAdvisory(f) {
  return f.severity === "warning";
}
function foreignValues(planned, hosts) {
  return new Map(hosts.map((h) => [h.name, (planned.get(h.name)?.unmanaged ?? h.delegateTo).map(foreignValue)]));
}
function foreignValue(spn2) {
  const p = parseSpn(spn2);
  return { spn: spn2, service: p?.service ?? spn2, target: p ? [p.host, ...p.rest ? [p.rest] : []].join("/") : "" };
}
function incompleteHosts(findings, plan) {
  const out = /* @__PURE__ */ new Set();
  const none = /* @__PURE__ */ new Set();
  const everyPeer = /* @__PURE__ */ new Map();
  for (const f of findings) {
    if (f.kind === "missing-delegation") {
      out.add(f.host);
      if (f.peer) out.add(f.peer);
    } else if (f.kind === "delegates-to-none") {
      out.add(f.host);
      none.add(f.host);
    } else if (f.kind === "missing-for-every-peer") {
      out.add(f.host);
      everyPeer.set(f.host, new Set((f.forms ?? []).map((x) => serviceKey(x.service))));
    }
  }
  if (none.size === 0 && everyPeer.size === 0) return out;
  for (const e of plan.edges) {
    const lacking = everyPeer.get(e.from);
    if (none.has(e.from) || lacking && e.services.some((s) => lacking.has(serviceKey(s)))) out.add(e.to);
  }
  return out;
}
function verdictFromPlan(plan, hosts, ctx = PLAN_ONLY) {
  const base = verifyFindings(plan, { enforceMode: ctx.enforceMode });
  const meshFindings = ctx.enforceMode ? [] : meshModeFindings(hosts);
  const mode = ctx.enforceMode ? plan.mode : meshMode(hosts);
  const incomplete = incompleteHosts(base, plan);
  const planned = new Map(plan.hosts.map((hp) => [hp.host, hp]));
  const notWanted = (h) => {
    const hp = planned.get(h.name);
    if (!hp) return h.delegateTo;
    return hp.remove.length === 0 ? hp.unmanaged : hp.unmanaged.length === 0 ? hp.remove : [...hp.remove, ...hp.unmanaged];
  };
  const findings = orderFindings([
    ...base,
    ...meshFindings,
    ...dcTargetFindings(hosts, ctx.dcs, notWanted),
    ...operatorFindings(ctx.operators),
    ...preflightFindings({ hosts, modeOf: (h) => ctx.enforceMode ? plan.mode : constrainedMode(h), incomplete })
  ]);
  const foreign = foreignValues(planned, hosts);
  const trust = trustOf(plan.hosts, plan);
  return {
    mode,
    modeEnforced: ctx.enforceMode,
    services: plan.services,
    hosts: hosts.map((h) => {
      const os = hostOs(h);
      return {
        name: h.name,
        dn: h.dn,
        fqdn: h.fqdn,
        mode: currentMode(h.userAccountControl, h.delegateTo.length),
        operatingSystem: os.operatingSystem,
        operatingSystemVersion: os.operatingSystemVersion,
        release: os.release,
        foreign: foreign.get(h.name) ?? []
      };
    }),
    findings,
    count: findings.length,
    worst: worstOf(findings),
    trust,
    pairCounts: pairCounts(trust, findings),
    ok: findings.every(isAdvisory)
  };
}
function withFindings(v, more) {
  if (more.length === 0) return v;
  const findings = orderFindings([...v.findings, ...more]);
  return { ...v, findings, count: findings.length, worst: worstOf(findings), ok: v.ok && more.every(isAdvisory) };
}
var SEVERITIES, PLAN_ONLY;
var init_verdict = __esm({
  "src/core/verdict.ts"() {
    "use strict";
    init_findings();
    init_matrix();
    init_mesh_mode();
    init_operators();
    init_plan();
    init_preflight();
    init_keys();
    init_spn();
    init_uac();
    SEVERITIES = ["critical", "error", "warning"];
    PLAN_ONLY = { enforceMode: true, dcs: [], operators: [] };
  }
});

// src/render/lines.ts
function append(lines, more) {
  for (const l of more) lines.push(l);
  return lines;
}
var init_lines = __esm({
  "src/render/lines.ts"() {
    "use strict";
  }
});

// src/render/plan-text.ts
function describeUac({ from, to }) {
  const parts = FLAG_NAMES.filter(([bit]) => hasFlag(from, bit) !== hasFlag(to, bit)).map(([bit, name]) => `${hasFlag(to, bit) ? "set" : "clear"} ${name}`);
  return `userAccountControl ${formatUac(from)} -> ${formatUac(to)} (${parts.join(", ")})`;
}
function modeLines(plan, style) {
  return [
    `${style.bold("Mode:")} ${plan.mode} ("${MODE_LABEL[plan.mode]}")`,
    style.dim(`  ${MODE_TRADE_OFF}`),
    `${style.bold("Services:")} ${plan.services.join(", ")}`
  ];
}
function findingLine(f, style) {
  const tag = f.severity === "warning" ? style.warn("warning") : f.severity === "critical" ? style.bold(style.remove("CRITICAL")) : style.remove("error");
  return `${tag}: ${findingSentence(f)}`;
}
function hostBlock(h, style) {
  if (!hostChanges(h)) return [`  ${h.host}: no changes`];
  return [
    `${style.change("~")} ${style.bold(h.host)}  ${style.dim(h.dn)}`,
    ...h.add.map((v) => `    ${style.add(`+ ${v}`)}`),
    ...h.remove.map((v) => `    ${style.remove(`- ${v}`)}`),
    ...h.uac ? [`    ${style.change(`~ ${describeUac(h.uac)}`)}`] : []
  ];
}
function planSummary(plan) {
  if (isEmptyPlan(plan)) return `No changes. The mesh of ${plan.hosts.length} hosts is in sync.`;
  const c = countPlan(plan);
  return `Plan: ${c.add} to add, ${c.remove} to remove, ${c.uac} flag change${c.uac === 1 ? "" : "s"}, on ${c.hostsChanged} of ${plan.hosts.length} hosts.`;
}
function* planTextPieces(plan, style) {
  const head = [...modeLines(plan, style), `${style.bold("Hosts:")} ${plan.hosts.map((h) => h.host).join(", ")}`, ""];
  let buffer = `${head.join("\n")}
`;
  if (!isEmptyPlan(plan)) {
    buffer += `${style.dim(`  ${style.add("+")} add value   ${style.remove("-")} remove value   ${style.change("~")} change`)}

`;
    for (const h of plan.hosts) {
      buffer += `${hostBlock(h, style).join("\n")}
`;
      if (buffer.length >= PIECE) {
        yield buffer;
        buffer = "";
      }
    }
    buffer += "\n";
  }
  const tail = [];
  if (plan.warnings.length) append(tail, [...orderFindings(plan.warnings).map((w) => findingLine(w, style)), ""]);
  tail.push(style.bold(planSummary(plan)));
  yield `${buffer}${tail.join("\n")}
`;
}
function renderPlanText(plan, style) {
  return [...planTextPieces(plan, style)].join("");
}
var FLAG_NAMES, PIECE;
var init_plan_text = __esm({
  "src/render/plan-text.ts"() {
    "use strict";
    init_keys();
    init_mode();
    init_plan();
    init_verdict();
    init_uac();
    init_lines();
    init_sentences();
    FLAG_NAMES = [
      [UAC.TRUSTED_FOR_DELEGATION, "TRUSTED_FOR_DELEGATION (unconstrained)"],
      [UAC.TRUSTED_TO_AUTH_FOR_DELEGATION, "TRUSTED_TO_AUTH_FOR_DELEGATION (any protocol)"]
    ];
    PIECE = 1 << 20;
  }
});

// src/core/wait.ts
function pendingOnDc(written, seen) {
  const out = [];
  for (const h of written) {
    const host = seen.find((s) => dnKey(s) === dnKey(h));
    if (!host) {
      out.push(`${h.host}: not found`);
      continue;
    }
    const has = new Set(host.delegateTo.map(spnKey));
    for (const v of h.add) if (!has.has(spnKey(v))) out.push(`${h.host}: ${v} missing`);
    for (const v of h.remove) if (has.has(spnKey(v))) out.push(`${h.host}: ${v} still present`);
    if (h.uac && host.userAccountControl !== h.uac.to) out.push(`${h.host}: userAccountControl ${formatUac(host.userAccountControl)}, not ${formatUac(h.uac.to)}`);
  }
  return out;
}
function nextPoll(states, now, deadline, intervalMs) {
  if (states.every((s) => s.status === "in-step")) return { kind: "done" };
  if (now >= deadline) return { kind: "timeout" };
  return { kind: "wait", ms: Math.max(0, Math.min(intervalMs, deadline - now)) };
}
function waitSummary(states, seconds) {
  const behind = states.filter((s) => s.status === "behind").map((s) => s.dc);
  const unreachable = states.filter((s) => s.status === "unreachable").map((s) => s.dc);
  if (!behind.length && !unreachable.length) return `replication: all ${states.length} writable DCs hold the change (${seconds.toFixed(1)} s)`;
  const parts = [behind.length ? `still behind: ${behind.join(", ")}` : "", unreachable.length ? `not reached: ${unreachable.join(", ")}` : ""].filter(Boolean);
  return `replication: not every writable DC holds the change after ${seconds.toFixed(1)} s; ${parts.join("; ")}`;
}
var init_wait = __esm({
  "src/core/wait.ts"() {
    "use strict";
    init_keys();
    init_uac();
  }
});

// src/render/wait-text.ts
function renderWaitText(dcs, seconds) {
  const lines = dcs.map((s) => {
    if (s.status === "in-step") return `  ${s.dc}: holds the change${s.seconds ? ` (after ${s.seconds.toFixed(1)} s)` : ""}`;
    if (s.status === "unreachable") return `  ${s.dc}: not reached (${s.detail[0]})`;
    return `  ${s.dc}: behind (${s.detail.slice(0, 3).join("; ")}${s.detail.length > 3 ? `; ${s.detail.length - 3} more` : ""})`;
  });
  return `${waitSummary(dcs, seconds)}
${lines.join("\n")}
`;
}
var init_wait_text = __esm({
  "src/render/wait-text.ts"() {
    "use strict";
    init_wait();
  }
});

// src/io/dir-rule.ts
function dirProblem(d, me2) {
  if (d.mode & STICKY) return null;
  if (d.mode & 2) return { why: `${d.path} is writable by every user`, fix: `chmod o-w ${d.path}` };
  if (d.mode & 16 && d.gid !== me2.gid) return { why: `${d.path} is writable by group ${d.gid}`, fix: `chmod g-w ${d.path}` };
  if (d.uid !== me2.uid && d.uid !== 0 && d.mode & 128) return { why: `${d.path} belongs to another user (uid ${d.uid})`, fix: "use a directory of your own" };
  return null;
}
function ancestors(dir, sep = "/") {
  const out = [];
  let cur = dir;
  for (; ; ) {
    out.push(cur);
    const cut = cur.lastIndexOf(sep);
    if (cut <= 0) {
      if (cur !== sep && cur.startsWith(sep)) out.push(sep);
      return out;
    }
    cur = cur.slice(0, cut);
  }
}
var STICKY;
var init_dir_rule = __esm({
  "src/io/dir-rule.ts"() {
    "use strict";
    STICKY = 512;
  }
});

// src/io/write-errors.ts
var FileWriteError;
var init_write_errors = __esm({
  "src/io/write-errors.ts"() {
    "use strict";
    init_errors();
    FileWriteError = class extends KcdmeshError {
      constructor(code2, message, hint) {
        super(message, hint);
        this.code = code2;
        this.name = "FileWriteError";
      }
      code;
    };
  }
});

// src/io/write-file.ts
var write_file_exports = {};
__export(write_file_exports, {
  MIN_FREE_BYTES: () => MIN_FREE_BYTES,
  createExclusive: () => createExclusive,
  ensureSafeDir: () => ensureSafeDir,
  fsyncDir: () => fsyncDir,
  openAppend: () => openAppend,
  preflightWritable: () => preflightWritable,
  replaceFile: () => replaceFile
});
import { constants as constants3 } from "node:fs";
import { lstat, mkdir, open as open2, realpath, rename, statfs as statfs2, unlink } from "node:fs/promises";
import { dirname as dirname2, resolve as resolve2 } from "node:path";
import { randomBytes } from "node:crypto";
function me() {
  return POSIX && process.getuid && process.getgid ? { uid: process.getuid(), gid: process.getgid() } : null;
}
function ioError(label, path, err) {
  const code2 = err.code;
  if (code2 === "ENOSPC" || code2 === "EDQUOT") return new FileWriteError("no-space", `cannot write the ${label} ${path} (no space left on the device, ${code2})`, "free some space, or write it elsewhere");
  if (code2 === "ELOOP") return new FileWriteError("link", `refusing to write the ${label} ${path}: it is a symbolic link`, "remove the link; kcdmesh writes only files it created itself");
  return new FileWriteError("io", `cannot write the ${label} ${path} (${fsReason(err)})`, `give a ${label} path in a directory you can write to`);
}
async function makeDirs(abs) {
  const missing = [];
  for (let d = abs; !await lstat(d).catch(() => null); d = dirname2(d)) {
    missing.push(d);
    if (dirname2(d) === d) break;
  }
  for (const d of missing.reverse()) {
    await mkdir(d, { mode: 448 }).catch((err) => {
      if (err.code !== "EEXIST") throw err;
    });
  }
}
async function ensureSafeDir(dir, label, forPath) {
  const abs = resolve2(dir);
  try {
    await makeDirs(abs);
  } catch (err) {
    throw ioError(label, forPath ?? abs, err);
  }
  const id = me();
  if (!id) return;
  const real = await realpath(abs).catch(() => abs);
  const dirs = real === abs ? ancestors(abs) : [...ancestors(abs), ...ancestors(real)];
  for (const d of dirs) {
    const st = await lstat(d).catch(() => null);
    if (!st || st.isSymbolicLink()) continue;
    const problem = dirProblem({ path: d, mode: st.mode, uid: st.uid, gid: st.gid }, id);
    if (problem) throw new FileWriteError("unsafe-dir", `refusing to write the ${label} in ${abs}: ${problem.why}, so another user could replace what kcdmesh writes`, `${problem.fix}, or choose a directory only you can write`);
  }
}
async function fsyncDir(dir) {
  if (!POSIX) return;
  const fh = await open2(dir, constants3.O_RDONLY);
  try {
    await fh.sync();
  } catch (err) {
    if (err.code !== "EINVAL") throw err;
  } finally {
    await fh.close();
  }
}
async function createExclusive(path, data, label) {
  await ensureSafeDir(dirname2(path), label, path);
  let fh;
  try {
    fh = await open2(path, constants3.O_WRONLY | constants3.O_CREAT | constants3.O_EXCL | NOFOLLOW, 384);
  } catch (err) {
    if (err.code === "EEXIST") throw new FileWriteError("exists", `refusing to write the ${label} ${path}: it exists already`, "kcdmesh never overwrites a file; move it away or choose another name");
    throw ioError(label, path, err);
  }
  try {
    if (typeof data === "string" || data instanceof Uint8Array) await fh.writeFile(data);
    else for (const chunk of data) await fh.writeFile(chunk);
    await fh.sync();
  } catch (err) {
    throw ioError(label, path, err);
  } finally {
    await fh.close().catch(() => void 0);
  }
  await fsyncDir(dirname2(path)).catch((err) => {
    throw ioError(label, path, err);
  });
}
async function openAppend(path, label, opts = {}) {
  await ensureSafeDir(dirname2(path), label, path);
  const before = await lstat(path).catch(() => null);
  if (before?.isSymbolicLink()) throw new FileWriteError("link", `refusing to write the ${label} ${path}: it is a symbolic link`, "remove the link; kcdmesh writes only files it created itself");
  if (before && !before.isFile()) throw new FileWriteError("not-regular", `refusing to write the ${label} ${path}: it is a ${fileTypeWord(before)}, not a regular file`, `give the ${label} a path to a regular file`);
  const existed = before !== null;
  let fh;
  try {
    fh = await open2(path, constants3.O_WRONLY | constants3.O_APPEND | constants3.O_CREAT | (opts.mustBeNew ? constants3.O_EXCL : 0) | NOFOLLOW | NONBLOCK, 384);
  } catch (err) {
    if (err.code === "EEXIST") throw new FileWriteError("exists", `refusing to write the ${label} ${path}: it exists already`, "kcdmesh never overwrites a file; move it away or choose another name");
    throw ioError(label, path, err);
  }
  try {
    const st = await fh.stat();
    if (!st.isFile()) throw new FileWriteError("not-regular", `refusing to write the ${label} ${path}: it is a ${fileTypeWord(st)}, not a regular file`, `give the ${label} a path to a regular file`);
    const kernel = await kernelFsOf(path);
    if (kernel) throw new FileWriteError("not-regular", `refusing to write the ${label} ${path}: ${kernelFsWords(kernel)}`, `give the ${label} a path to a regular file on a disk`);
    const id = me();
    if (id && st.uid !== id.uid) throw new FileWriteError("not-owner", `refusing to append to the ${label} ${path}: it belongs to another user (uid ${st.uid})`, "choose a file of your own");
    if (!existed) await fsyncDir(dirname2(path));
  } catch (err) {
    await fh.close().catch(() => void 0);
    throw err instanceof FileWriteError ? err : ioError(label, path, err);
  }
  return {
    path,
    async append(text) {
      try {
        await fh.write(text);
        await fh.datasync();
      } catch (err) {
        throw ioError(label, path, err);
      }
    },
    async close() {
      await fh.close().catch(() => void 0);
    }
  };
}
async function checkSpace(path, label, need) {
  const fs = await statfs2(path).catch(() => null);
  if (fs && fs.bavail * fs.bsize < need) {
    throw new FileWriteError("no-space", `the ${label} ${path} is on a file system with less than ${Math.round(need / 1024 / 1024)} MiB free`, "free some space, or write it elsewhere");
  }
}
async function preflightWritable(targets2, minFree = MIN_FREE_BYTES) {
  for (const t of targets2) {
    if (t.kind === "dir") {
      const probe = resolve2(t.path, `.kcdmesh-probe-${randomBytes(4).toString("hex")}`);
      await createExclusive(probe, "", t.label).catch((err) => {
        throw err instanceof FileWriteError ? new FileWriteError(err.code, err.message.replace(probe, t.path), err.hint) : err;
      });
      await unlink(probe).catch(() => void 0);
      await checkSpace(t.path, t.label, minFree);
    } else {
      const f = await openAppend(t.path, t.label);
      await f.close();
      await checkSpace(dirname2(resolve2(t.path)), t.label, minFree);
    }
  }
}
async function replaceFile(path, data, label) {
  const before = await lstat(path).catch(() => null);
  if (before && !before.isFile() && !before.isSymbolicLink()) {
    throw new FileWriteError("not-regular", `refusing to write the ${label} ${path}: it is a ${fileTypeWord(before)}, not a regular file`, `give the ${label} a path to a regular file`);
  }
  const temp = resolve2(dirname2(path), `.${randomBytes(6).toString("hex")}.kcdmesh-tmp`);
  await createExclusive(temp, data, label);
  try {
    await rename(temp, path);
  } catch (err) {
    await unlink(temp).catch(() => void 0);
    throw ioError(label, path, err);
  }
  await fsyncDir(dirname2(resolve2(path))).catch(() => void 0);
}
var POSIX, NOFOLLOW, NONBLOCK, MIN_FREE_BYTES;
var init_write_file = __esm({
  "src/io/write-file.ts"() {
    "use strict";
    init_fs_reason();
    init_dir_rule();
    init_file_type();
    init_kernel_fs();
    init_write_errors();
    POSIX = process.platform !== "win32";
    NOFOLLOW = constants3.O_NOFOLLOW ?? 0;
    NONBLOCK = constants3.O_NONBLOCK ?? 0;
    MIN_FREE_BYTES = 16 * 1024 * 1024;
  }
});

// src/core/backup-seal.ts
import { createHmac, timingSafeEqual } from "node:crypto";
function sealOf(body, key) {
  return sealer(key).update(body).digest("hex");
}
function sealer(key) {
  return createHmac("sha256", key);
}
function sealProblem(body, trailer, key) {
  const seal = trailer.hmacSha256;
  if (!key) return seal === void 0 ? null : "it is sealed with a key (KCDMESH_BACKUP_KEY_FILE), and no key was given";
  if (typeof seal !== "string" || !/^[0-9a-f]{64}$/.test(seal)) return "it carries no seal, and a key was given (backups written with the key are sealed)";
  const want = Buffer.from(sealOf(body, key), "hex");
  return timingSafeEqual(want, Buffer.from(seal, "hex")) ? null : "the seal does not match (changed since it was written, or another key)";
}
function keyProblem(key, mode) {
  if (key.length < MIN_KEY_BYTES) return `it holds ${key.length} bytes; a key needs at least ${MIN_KEY_BYTES} (e.g. head -c 32 /dev/urandom > FILE)`;
  if (mode !== null && mode & 63) return `other users can read it (mode ${(mode & 511).toString(8)}); chmod 600 it`;
  return null;
}
var MIN_KEY_BYTES;
var init_backup_seal = __esm({
  "src/core/backup-seal.ts"() {
    "use strict";
    MIN_KEY_BYTES = 32;
  }
});

// src/apply/backup.ts
import { createHash, randomBytes as randomBytes2 } from "node:crypto";
import { readFile as readFile2 } from "node:fs/promises";
import { join as join2 } from "node:path";
function priorHosts(plan, hosts) {
  const changing = new Set(plan.hosts.filter(hostChanges).map(dnKey));
  return hosts.filter((h) => changing.has(dnKey(h))).map((h) => ({ dn: h.dn, name: h.name, delegateTo: [...h.delegateTo], userAccountControl: h.userAccountControl }));
}
function checksum(body) {
  return createHash("sha256").update(body).digest("hex");
}
function* objectPieces(obj, big) {
  let sep = "{";
  for (const [k, v] of Object.entries(obj)) {
    if (v === void 0 || typeof v === "function") continue;
    yield `${sep}${JSON.stringify(k)}:`;
    sep = ",";
    const pieces2 = big(k, v);
    if (pieces2) yield* pieces2;
    else yield JSON.stringify(v);
  }
  yield sep === "{" ? "{}" : "}";
}
function* arrayPieces(items2, each) {
  let sep = "[";
  for (const item of items2) {
    yield `${sep}${JSON.stringify(each(item)) ?? "null"}`;
    sep = ",";
  }
  yield sep === "[" ? "[]" : "]";
}
function* backupBody(b) {
  yield* objectPieces(b, (key, plan) => {
    if (key !== "plan" || !isRecord(plan)) return null;
    return objectPieces(withoutEdges(plan), (k, hosts) => k === "hosts" && Array.isArray(hosts) ? arrayPieces(hosts, (h) => isRecord(h) && "planned" in h ? { ...h, planned: [], unmanaged: [] } : h) : null);
  });
}
function withoutEdges(plan) {
  return Object.fromEntries(Object.keys(plan).map((k) => [k, k === "edges" ? [] : k === "pairCount" ? 0 : plan[k]]));
}
function* backupBytes(b, key = null) {
  const sum = createHash("sha256");
  const seal = key ? sealer(key) : null;
  const out = (text) => {
    const bytes2 = Buffer.from(text, "utf8");
    sum.update(bytes2);
    seal?.update(bytes2);
    return bytes2;
  };
  let pending = [];
  let size = 0;
  for (const piece of backupBody(b)) {
    pending.push(piece);
    size += piece.length;
    if (size >= CHUNK2) {
      yield out(pending.join(""));
      pending = [];
      size = 0;
    }
  }
  if (pending.length) yield out(pending.join(""));
  yield Buffer.from(`
${JSON.stringify({ sha256: sum.digest("hex"), ...seal ? { hmacSha256: seal.digest("hex") } : {} })}
`, "utf8");
}
async function writeBackup(dir, b, key = null) {
  const stamp = b.createdAt.replace(/[-:]/g, "").replace(/\.\d+Z$/, "Z");
  const file = join2(dir, `kcdmesh-${b.command}-${stamp}-${randomBytes2(3).toString("hex")}.json`);
  try {
    await createExclusive(file, backupBytes(b, key), "backup");
  } catch (err) {
    const e = err;
    throw new KcdmeshError(`${e instanceof KcdmeshError ? e.message : `cannot write the backup in ${dir} (${fsReason(err)})`}; nothing was written to the directory`, "give a writable directory with --backup-dir that only you can write");
  }
  return file;
}
function corrupt(file, why) {
  return new UsageError(`${file} is not a usable kcdmesh backup: ${why}`, "give the backup file apply printed (kcdmesh-backups/kcdmesh-apply-*.json), unmodified");
}
async function loadBackup(file, key = null) {
  const text = await readTextFile(file, "backup");
  const cut = text.lastIndexOf('\n{"sha256":');
  if (cut < 0) throw corrupt(file, "no checksum line (truncated?)");
  const body = text.slice(0, cut);
  let trailer;
  try {
    trailer = JSON.parse(text.slice(cut + 1));
  } catch {
    throw corrupt(file, "damaged checksum line");
  }
  if (trailer.sha256 !== checksum(body)) throw corrupt(file, "checksum mismatch (changed or damaged since it was written)");
  const seal = sealProblem(body, trailer, key);
  if (seal) throw corrupt(file, seal);
  let b;
  try {
    b = JSON.parse(body);
  } catch {
    throw corrupt(file, "not JSON");
  }
  if (typeof b !== "object" || b === null || Array.isArray(b)) throw corrupt(file, "not a backup document");
  if (b.kind !== BACKUP_KIND) throw corrupt(file, `kind is ${JSON.stringify(b.kind)}`);
  if (typeof b.formatVersion !== "number") throw corrupt(file, "formatVersion is not a number");
  if (b.formatVersion !== BACKUP_FORMAT) throw corrupt(file, `format version ${String(b.formatVersion)} is not supported by this kcdmesh`);
  const strings = (x) => Array.isArray(x) && x.every((v) => typeof v === "string");
  const record2 = isRecord;
  const hostsOk = Array.isArray(b.hosts) && b.hosts.every((h) => record2(h) && typeof h.dn === "string" && typeof h.name === "string" && strings(h.delegateTo) && Number.isInteger(h.userAccountControl));
  if (!hostsOk || typeof b.baseDn !== "string" || !record2(b.plan) || !Array.isArray(b.plan.hosts)) throw corrupt(file, "missing fields");
  const uacOk = (u) => u === null || record2(u) && Number.isInteger(u.from) && Number.isInteger(u.to);
  const planOk = b.plan.hosts.every((h) => record2(h) && typeof h.dn === "string" && typeof h.host === "string" && strings(h.add) && strings(h.remove) && strings(h.current ?? []) && uacOk(h.uac ?? null));
  if (!planOk) throw corrupt(file, "a planned host has a field of the wrong type");
  return b;
}
function writtenRecordPath(backupFile) {
  return backupFile.replace(/\.json$/, "") + ".written.json";
}
async function loadWritten(backupFile) {
  let text;
  try {
    text = await readFile2(writtenRecordPath(backupFile), "utf8");
  } catch {
    return null;
  }
  try {
    const doc = JSON.parse(text);
    if (!Array.isArray(doc.written)) return null;
    return new Set(doc.written.map((d) => dnKey(String(d))));
  } catch {
    return null;
  }
}
var BACKUP_KIND, BACKUP_FORMAT, isRecord, CHUNK2;
var init_backup = __esm({
  "src/apply/backup.ts"() {
    "use strict";
    init_write_file();
    init_read_file();
    init_backup_seal();
    init_keys();
    init_errors();
    init_fs_reason();
    BACKUP_KIND = "kcdmesh-backup";
    BACKUP_FORMAT = 1;
    isRecord = (x) => typeof x === "object" && x !== null && !Array.isArray(x);
    CHUNK2 = 256 * 1024;
  }
});

// src/apply/backup-key.ts
import { stat } from "node:fs/promises";
async function loadBackupKey(file) {
  if (!file) return null;
  const key = await readFileBytes(file, "password");
  const mode = process.platform === "win32" ? null : (await stat(file)).mode;
  const problem = keyProblem(key, mode);
  if (problem) throw new UsageError(`backup key file ${file} is not usable: ${problem}`, "make a key with head -c 32 /dev/urandom > FILE; chmod 600 FILE, and keep it where the backups are not");
  return key;
}
var init_backup_key = __esm({
  "src/apply/backup-key.ts"() {
    "use strict";
    init_errors();
    init_read_file();
    init_backup_seal();
  }
});

// src/apply/change-log.ts
async function openChangeLog(file) {
  let out;
  try {
    out = await openAppend(file, "change log");
  } catch (err) {
    const e = err;
    throw new KcdmeshError(`${e.message}; nothing was written to the directory`, `${e.hint} (--change-log)`);
  }
  let chain = Promise.resolve();
  let failed = null;
  return {
    record(r) {
      chain = chain.then(async () => {
        if (failed) return;
        try {
          await out.append(`${JSON.stringify(r)}
`);
        } catch (err) {
          failed = err instanceof FileWriteError ? err : new KcdmeshError(`cannot write the change log ${file} (${String(err)})`, "free space, or give another --change-log");
        }
      });
    },
    async close() {
      await chain;
      await out.close();
    },
    failure: () => failed
  };
}
var init_change_log = __esm({
  "src/apply/change-log.ts"() {
    "use strict";
    init_errors();
    init_write_file();
    init_write_errors();
  }
});

// src/core/intent-record.ts
function formatLine(line) {
  return `${JSON.stringify(line)}
`;
}
function validIntent(o) {
  return typeof o.dn === "string" && o.dn !== "" && typeof o.host === "string" && isStrings(o.add) && isStrings(o.remove) && isUac(o.uac);
}
function parseIntentRecord(text) {
  const lines = text.split("\n").filter((l) => l !== "");
  const problems = [];
  const parsed = [];
  lines.forEach((l, i) => {
    try {
      const o = JSON.parse(l);
      if (o && typeof o === "object" && !Array.isArray(o)) parsed.push(o);
      else problems.push(`line ${i + 1}: not an object`);
    } catch {
      problems.push(`line ${i + 1}: ${i === lines.length - 1 ? "cut short (the run ended while writing it)" : "not JSON"}`);
    }
  });
  const head = parsed[0];
  if (!head || head.type !== "run" || head.kind !== INTENT_KIND || head.formatVersion !== INTENT_FORMAT || typeof head.backup !== "string" || typeof head.baseDn !== "string") return null;
  const byDn = /* @__PURE__ */ new Map();
  for (const o of parsed.slice(1)) {
    const dn2 = typeof o.dn === "string" ? dnKey(o.dn) : "";
    if (o.type === "intent" && validIntent(o)) {
      if (byDn.has(dn2)) problems.push(`${o.dn}: intent recorded twice`);
      byDn.set(dn2, { intent: { dn: o.dn, host: o.host, add: o.add, remove: o.remove, uac: o.uac }, outcome: "unknown" });
    } else if (o.type === "outcome" && (o.outcome === "written" || o.outcome === "not-written" || o.outcome === "unknown")) {
      const h = byDn.get(dn2);
      if (h) h.outcome = o.outcome;
      else problems.push(`${String(o.dn)}: an outcome without an intent`);
    } else {
      problems.push(`an unusable line of type ${JSON.stringify(o.type)}`);
    }
  }
  return { header: head, hosts: [...byDn.values()], problems };
}
function hostsToConsider(state) {
  return state.hosts.filter((h) => h.outcome !== "not-written").map((h) => h.intent);
}
function settleByReading(intent, now) {
  const has = new Set(now.delegateTo.map(spnKey));
  const added = intent.add.map((v) => has.has(spnKey(v)));
  const removedGone = intent.remove.map((v) => !has.has(spnKey(v)));
  const uacDone = intent.uac ? now.userAccountControl === intent.uac.to : null;
  const uacUndone = intent.uac ? now.userAccountControl === intent.uac.from : null;
  const all = [...added, ...removedGone, ...uacDone === null ? [] : [uacDone]];
  const none = [...added.map((x) => !x), ...removedGone.map((x) => !x), ...uacUndone === null ? [] : [uacUndone]];
  if (all.length && all.every(Boolean)) return "written";
  if (none.length && none.every(Boolean)) return "not-written";
  return "unknown";
}
function outcomeOfFailure(err) {
  if (err instanceof DirectoryRefusal || err instanceof NotSentError) return "not-written";
  const code2 = err?.code;
  return typeof code2 === "number" ? "not-written" : "unknown";
}
var INTENT_KIND, INTENT_FORMAT, isStrings, isUac;
var init_intent_record = __esm({
  "src/core/intent-record.ts"() {
    "use strict";
    init_errors();
    init_keys();
    INTENT_KIND = "kcdmesh-intent";
    INTENT_FORMAT = 1;
    isStrings = (v) => Array.isArray(v) && v.every((x) => typeof x === "string");
    isUac = (v) => v === null || typeof v === "object" && Number.isInteger(v.from) && Number.isInteger(v.to);
  }
});

// src/apply/intent-file.ts
function intentPath(backupFile) {
  return `${backupFile.replace(/\.json$/, "")}.intent.jsonl`;
}
async function openIntentLog(backupFile, header2) {
  const path = intentPath(backupFile);
  const file = await openAppend(path, "write-ahead record", { mustBeNew: true });
  const now = () => (/* @__PURE__ */ new Date()).toISOString();
  try {
    await file.append(formatLine({ type: "run", kind: "kcdmesh-intent", formatVersion: 1, ...header2 }));
  } catch (err) {
    await file.close();
    throw err;
  }
  let chain = Promise.resolve();
  const append2 = (line) => {
    const done = chain.then(() => file.append(line));
    chain = done.catch(() => void 0);
    return done;
  };
  return {
    path,
    intend: (h) => append2(formatLine({ type: "intent", time: now(), ...h })),
    settle: (dn2, outcome, how, error) => append2(formatLine({ type: "outcome", dn: dn2, outcome, how, time: now(), ...error ? { error } : {} })),
    close: async () => {
      await chain;
      await file.close();
    }
  };
}
async function readIntentLog(backupFile) {
  try {
    return parseIntentRecord(await readTextFile(intentPath(backupFile), "record"));
  } catch (err) {
    if (err instanceof FileReadError && err.code === "not-found") return null;
    throw err;
  }
}
var init_intent_file = __esm({
  "src/apply/intent-file.ts"() {
    "use strict";
    init_read_file();
    init_read_errors();
    init_write_file();
    init_intent_record();
  }
});

// src/apply/settle.ts
async function readOutcomes(dir, hosts) {
  const found = await dir.findHosts(parseHostNames(hosts.map((h) => h.host)), dir.root.defaultNamingContext);
  const out = /* @__PURE__ */ new Map();
  for (const h of hosts) {
    const now = found.find((f) => dnKey(f) === dnKey(h));
    if (now) out.set(dnKey(h), settleByReading({ dn: h.dn, host: h.host, add: h.add, remove: h.remove, uac: h.uac }, now));
  }
  return out;
}
async function settleUnknown(log, dir, reopen, hosts) {
  if (hosts.length === 0) return /* @__PURE__ */ new Map();
  try {
    return await readOutcomes(dir, hosts);
  } catch (err) {
    if (!(err instanceof NotSentError) || !reopen) {
      log.warn(`could not read the hosts again to settle their outcome (${err instanceof Error ? err.message : String(err)})`);
      return /* @__PURE__ */ new Map();
    }
  }
  let other = null;
  try {
    other = await reopen();
    return await readOutcomes(other, hosts);
  } catch (err) {
    log.warn(`could not read the hosts again on a new connection to settle their outcome (${err instanceof Error ? err.message : String(err)})`);
    return /* @__PURE__ */ new Map();
  } finally {
    await other?.close().catch(() => void 0);
  }
}
var init_settle = __esm({
  "src/apply/settle.ts"() {
    "use strict";
    init_keys();
    init_intent_record();
    init_names();
    init_errors();
  }
});

// src/apply/write.ts
async function mapLimit(items2, limit, fn) {
  const out = new Array(items2.length);
  let next = 0;
  const worker = async () => {
    while (next < items2.length) {
      const i = next++;
      out[i] = await fn(items2[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items2.length) }, worker));
  return out;
}
function partialFailure(results, command = "apply") {
  const failed = results.filter((r) => r.status !== "written");
  if (failed.length === 0) return null;
  const written = results.filter((r) => r.status === "written");
  const notWritten = results.filter((r) => r.status === "failed");
  const unknown = results.filter((r) => r.status === "unknown");
  const first = failed[0].error ?? { message: "unknown error", hint: "run again with -v for details" };
  const unknownPart = unknown.length ? `; outcome unknown: ${names(unknown)}` : "";
  return new PartialWriteError(
    `${command} wrote ${written.length} of ${results.length} hosts (written: ${names(written)}; not written: ${names(notWritten)}${unknownPart}): ${first.message}`,
    unknown.length ? `${first.hint}; a host whose outcome is unknown may hold the change: kcdmesh verify shows it, and a rollback of this run considers it` : `${first.hint}; a new run writes only what is still missing`,
    results.map((r) => ({ host: r.host, dn: r.dn, outcome: r.status === "failed" ? "not-written" : r.status }))
  );
}
async function writePlan(dir, plan, parallel, log, hooks = {}, signal) {
  return mapLimit(plan.hosts.filter(hostChanges), parallel, async (h) => {
    const base = { host: h.host, dn: h.dn, added: h.add.length, removed: h.remove.length, uac: h.uac !== null };
    let result;
    try {
      if (signal?.aborted) throw new NotSentError("not sent: the run was interrupted", "run the command again to write what is missing");
      try {
        await hooks.before?.(h);
      } catch (err) {
        throw new NotSentError(`not sent: its intent could not be put on disk first (${err instanceof Error ? err.message : String(err)})`, err instanceof KcdmeshError ? err.hint : "free space where the backups go, then run again");
      }
      await dir.modifyHost({ dn: h.dn, add: h.add, remove: h.remove, uac: h.uac });
      log.info(`${h.host}: written (+${h.add.length} -${h.remove.length}${h.uac ? ", flags" : ""})`);
      result = { ...base, status: "written" };
    } catch (err) {
      const e = err instanceof KcdmeshError ? err : new KcdmeshError(String(err), "run again with -v for details");
      const status = outcomeOfFailure(err) === "not-written" ? "failed" : "unknown";
      log.error(`${h.host}: ${status === "failed" ? "not written" : "outcome unknown (no answer)"}: ${e.message}`);
      result = { ...base, status, error: { message: e.message, hint: e.hint }, ...err instanceof NotSentError ? { notSent: true } : {} };
    }
    await hooks.after?.(h, result);
    return result;
  });
}
var names;
var init_write = __esm({
  "src/apply/write.ts"() {
    "use strict";
    init_keys();
    init_intent_record();
    init_errors();
    names = (rs) => rs.map((r) => r.host).join(", ") || "none";
  }
});

// src/apply/records.ts
import { basename } from "node:path";
async function recordedWrite(log, dir, command, state, opts, interrupt, reopen) {
  const release = interrupt?.hold() ?? (() => void 0);
  try {
    return await writeRecorded(log, dir, command, state, opts, interrupt?.signal, reopen);
  } finally {
    release();
  }
}
function targets(safety) {
  return [
    { kind: "dir", path: safety.backupDir, label: "backup directory" },
    { kind: "file", path: safety.changeLog, label: "change log" },
    ...safety.logFile ? [{ kind: "file", path: safety.logFile, label: "log file" }] : []
  ];
}
async function openRecords(dir, command, state, safety) {
  try {
    await preflightWritable(targets(safety));
  } catch (err) {
    const e = err;
    throw new KcdmeshError(`${e.message}; nothing was written to the directory`, e.hint ?? "give writable paths with --backup-dir and --change-log");
  }
  const key = await loadBackupKey(safety.keyFile);
  const changeLog = await openChangeLog(safety.changeLog);
  try {
    const createdAt = (/* @__PURE__ */ new Date()).toISOString();
    const backup = await writeBackup(safety.backupDir, {
      kind: "kcdmesh-backup",
      formatVersion: 1,
      command,
      createdAt,
      kcdmeshVersion: VERSION,
      dc: { url: dir.url, dnsHostName: dir.root.dnsHostName },
      baseDn: dir.root.defaultNamingContext,
      bindIdentity: dir.user,
      plan: state.plan,
      hosts: priorHosts(state.plan, state.hosts)
    }, key);
    try {
      const intent = await openIntentLog(backup, { backup: basename(backup), command, dc: dir.url, baseDn: dir.root.defaultNamingContext, createdAt });
      return { changeLog, backup, intent };
    } catch (err) {
      const e = err;
      throw new KcdmeshError(`${e.message}; nothing was written to the directory`, e.hint ?? "give a writable directory with --backup-dir");
    }
  } catch (err) {
    await changeLog.close();
    throw err;
  }
}
async function writeRecorded(log, dir, command, state, opts, signal, reopen) {
  const { plan } = state;
  const { changeLog, backup, intent } = await openRecords(dir, command, state, opts.safety);
  log.info(`backup: ${backup}`);
  let recordFailure = null;
  const keep = (err) => {
    recordFailure ??= err instanceof KcdmeshError ? err : new KcdmeshError(String(err), "free space where the backups go");
  };
  const logChange = (h, r) => changeLog.record({
    time: (/* @__PURE__ */ new Date()).toISOString(),
    command,
    bindIdentity: dir.user,
    dc: dir.url,
    dcHost: dir.root.dnsHostName,
    host: h.host,
    dn: h.dn,
    added: h.add,
    removed: h.remove,
    uacBefore: h.uac?.from ?? null,
    uacAfter: h.uac?.to ?? null,
    result: r.status === "written" ? "ok" : r.status,
    ...r.error ? { error: r.error.message } : {},
    backup
  });
  const intended = /* @__PURE__ */ new Set();
  let results;
  try {
    results = await writePlan(dir, plan, opts.parallel, log, {
      before: async (h) => {
        await intent.intend({ dn: h.dn, host: h.host, add: [...h.add], remove: [...h.remove], uac: h.uac });
        intended.add(dnKey(h));
      },
      after: async (h, r) => {
        if (r.status !== "unknown") logChange(h, r);
        if (intended.has(dnKey(h))) await intent.settle(h.dn, r.status === "failed" ? "not-written" : r.status, howLearned(r), r.error?.message).catch(keep);
      }
    }, signal);
    results = await settle(log, dir, reopen, plan, results, intent, keep, logChange);
  } finally {
    await intent.close();
    await changeLog.close();
  }
  const failure2 = partialFailure(results, command);
  const record2 = recordFailure ?? changeLog.failure();
  if (record2) {
    const what = failure2 ? failure2.message : `${command} wrote all ${results.length} hosts`;
    throw new KcdmeshError(`${record2.message}; ${what}; the hosts sent are in the write-ahead record ${intent.path}`, `${record2.hint}; then check the directory with kcdmesh verify; kcdmesh rollback ${backup} considers every host in that record`);
  }
  if (failure2) throw Object.assign(failure2, { hint: `${failure2.hint}; the backup of the hosts' prior state is ${backup}` });
  return { results, backup };
}
function howLearned(r) {
  if (r.status === "unknown") return "no-answer";
  return r.notSent ? "not-sent" : "answer";
}
async function settle(log, dir, reopen, plan, results, intent, keep, logChange) {
  const unknown = plan.hosts.filter((h) => results.some((r) => r.status === "unknown" && dnKey(r) === dnKey(h)));
  if (unknown.length === 0) return results;
  const settled2 = await settleUnknown(log, dir, reopen, unknown);
  const out = [];
  for (const r of results) {
    const h = unknown.find((u) => dnKey(u) === dnKey(r));
    if (!h) {
      out.push(r);
      continue;
    }
    const outcome = settled2.get(dnKey(r)) ?? "unknown";
    const { error, ...rest } = r;
    const now = outcome === "written" ? { ...rest, status: "written" } : outcome === "not-written" ? { ...rest, status: "failed", ...error ? { error } : {} } : r;
    if (outcome !== "unknown") {
      log.info(`${r.host}: read again: ${outcome === "written" ? "written" : "not written"}`);
      await intent.settle(r.dn, outcome, "re-read").catch(keep);
    }
    logChange(h, now);
    out.push(now);
  }
  return out;
}
var init_records = __esm({
  "src/apply/records.ts"() {
    "use strict";
    init_keys();
    init_errors();
    init_write_file();
    init_version();
    init_backup();
    init_backup_key();
    init_change_log();
    init_intent_file();
    init_settle();
    init_write();
  }
});

// src/render/progress.ts
function createProgress(sink, when) {
  if (when.quiet || !sink.isTTY || when.hosts !== null && when.hosts <= HANDFUL) return NO_PROGRESS;
  return { step: (text) => sink.write(`kcdmesh: ${text} ...
`) };
}
var HANDFUL, NO_PROGRESS;
var init_progress = __esm({
  "src/render/progress.ts"() {
    "use strict";
    HANDFUL = 5;
    NO_PROGRESS = { step: () => void 0 };
  }
});

// src/core/replication.ts
var replication_exports = {};
__export(replication_exports, {
  compareDcViews: () => compareDcViews,
  replicationFindings: () => replicationFindings
});
function compareDcViews(views) {
  const dcs = views.map((v) => v.dc);
  const hosts = /* @__PURE__ */ new Map();
  for (const v of views) for (const h of v.hosts) if (!hosts.has(dnKey(h))) hosts.set(dnKey(h), h);
  const out = [];
  for (const [key, host] of hosts) {
    const perDc = views.map((v) => v.hosts.find((h) => dnKey(h) === key));
    const facts = /* @__PURE__ */ new Map();
    perDc.forEach((h, i) => {
      if (!h) return;
      const add = (key2, label) => {
        const f = facts.get(key2) ?? { label, on: /* @__PURE__ */ new Set() };
        f.on.add(dcs[i]);
        facts.set(key2, f);
      };
      for (const v of h.delegateTo) add(`v:${spnKey(v)}`, v);
      add(`u:${h.userAccountControl}`, `userAccountControl ${formatUac(h.userAccountControl)}`);
    });
    for (const f of facts.values()) {
      if (f.on.size === dcs.length) continue;
      out.push({ host: host.name, dn: host.dn, what: f.label, on: dcs.filter((d) => f.on.has(d)), missingOn: dcs.filter((d) => !f.on.has(d)) });
    }
  }
  return out;
}
function replicationFindings(r) {
  const unread = r.unreachable.map((u) => ({ kind: "dc-unreachable", severity: "error", host: u.dc, detail: u.reason }));
  return [...unread, ...r.divergences.map((d) => ({
    kind: "not-replicated",
    severity: "error",
    host: d.host,
    value: d.what,
    on: d.on,
    missingOn: d.missingOn
  }))];
}
var init_replication = __esm({
  "src/core/replication.ts"() {
    "use strict";
    init_keys();
    init_uac();
  }
});

// src/directory/dc-name-error.ts
var DcNameError;
var init_dc_name_error = __esm({
  "src/directory/dc-name-error.ts"() {
    "use strict";
    init_errors();
    DcNameError = class extends NotSentError {
      constructor(message, hint, reason2, url) {
        super(message, hint);
        this.reason = reason2;
        this.url = url;
        this.name = "DcNameError";
      }
      reason;
      url;
    };
  }
});

// src/read/dcs.ts
function dcUrl(base, dnsHostName) {
  const u = new URL(base);
  u.hostname = dnsHostName;
  return `${u.protocol}//${u.host}`;
}
function fromDirectoryName(err, dc) {
  if (!(err instanceof DcNameError)) return err;
  const origin = `${dc} is the DC's dNSHostName attribute in the directory, not a name given on the command line`;
  if (err.reason === "unresolved") {
    return new KcdmeshError(`cannot resolve ${dc}, a writable DC of the domain (${origin})`, `make ${dc} resolve from this machine (a DNS record, or a hosts entry), or correct the DC's dNSHostName`);
  }
  return new KcdmeshError(`the TLS certificate of ${dc} does not list that name (${origin})`, `give ${dc} an LDAPS certificate whose subject alternative names hold ${dc}`);
}
async function openDc(dir, openOther, dc) {
  try {
    return await openOther(dcUrl(dir.url, dc));
  } catch (err) {
    throw fromDirectoryName(err, dc);
  }
}
function reopenSameDc(dir, openOther) {
  return async () => {
    const other = await openOther(dir.url);
    if (sameDcName(other.root.dnsHostName, dir.root.dnsHostName)) return other;
    await other.close().catch(() => void 0);
    return openDc(dir, openOther, dir.root.dnsHostName);
  };
}
async function chosenDcName(dir, choice) {
  const dcs = await dir.readWritableDcs();
  const list2 = dcs.map(dcHostName).sort().join(", ") || "none found";
  if (choice.kind === "pdc") {
    const pdc = await dir.readPdcHostName();
    if (!pdc) throw new KcdmeshError(`cannot tell the PDC emulator of ${dir.root.defaultNamingContext} (no fSMORoleOwner that names a DC)`, `name the DC with --dc NAME; the writable DCs: ${list2}`);
    return { name: pdc, why: "the PDC emulator" };
  }
  const dc = findDcByName(dcs, choice.name);
  if (!dc) throw new UsageError(`no writable DC named ${choice.name} in ${dir.root.defaultNamingContext}`, `give --dc pdc or one of: ${list2}`);
  return { name: dcHostName(dc), why: "named with --dc" };
}
async function useChosenDc(log, dir, choice, openOther) {
  const { name, why } = await chosenDcName(dir, choice);
  if (sameDcName(name, dir.root.dnsHostName)) {
    log.info(`DC: ${dir.root.dnsHostName} (${why}), the one connected to`);
    return dir;
  }
  const other = await openDc(dir, openOther, name);
  log.info(`DC: ${other.root.dnsHostName || name} (${why}), at ${other.url}`);
  return other;
}
var init_dcs2 = __esm({
  "src/read/dcs.ts"() {
    "use strict";
    init_dcs();
    init_dc_name_error();
    init_errors();
  }
});

// src/read/replication.ts
var replication_exports2 = {};
__export(replication_exports2, {
  dcReader: () => dcReader,
  dcUrl: () => dcUrl,
  readAllDcs: () => readAllDcs,
  readHostsOn: () => readHostsOn,
  reasonOf: () => reasonOf,
  writableDcNames: () => writableDcNames
});
async function writableDcNames(dir) {
  return (await dir.readWritableDcs()).map(dcHostName).sort();
}
function dcReader(log, dir, openOther) {
  const open3 = /* @__PURE__ */ new Map();
  const drop = async (dc) => {
    const d = open3.get(dc);
    open3.delete(dc);
    await d?.close().catch(() => void 0);
  };
  return {
    async read(dc, hosts) {
      const names2 = parseHostNames(hosts.map((h) => h.name));
      const dns = new Set(hosts.map(dnKey));
      const on = async (d) => (await d.findHosts(names2, d.root.defaultNamingContext)).filter((h) => dns.has(dnKey(h)));
      if (sameDcName(dc, dir.root.dnsHostName)) return on(dir);
      const kept = open3.get(dc);
      if (kept) {
        try {
          return await on(kept);
        } catch (err) {
          log.debug(`the connection to ${dc} failed (${reasonOf(err)}); connecting again`);
          await drop(dc);
        }
      }
      log.debug(`reading ${hosts.length} hosts from ${dc}`);
      const other = await openDc(dir, openOther, dc);
      open3.set(dc, other);
      try {
        return await on(other);
      } catch (err) {
        await drop(dc);
        throw err;
      }
    },
    async close() {
      for (const dc of [...open3.keys()]) await drop(dc);
    }
  };
}
async function readHostsOn(log, dir, openOther, dc, hosts) {
  const reader = dcReader(log, dir, openOther);
  try {
    return await reader.read(dc, hosts);
  } finally {
    await reader.close();
  }
}
function reasonOf(err) {
  return err instanceof KcdmeshError ? `${err.message}; ${err.hint}` : String(err);
}
async function readAllDcs(log, dir, hosts, openOther) {
  const dcs = await writableDcNames(dir);
  const views = [];
  const unreachable = [];
  for (const dc of dcs) {
    if (sameDcName(dc, dir.root.dnsHostName)) {
      views.push({ dc, hosts });
      continue;
    }
    try {
      views.push({ dc, hosts: await readHostsOn(log, dir, openOther, dc, hosts) });
    } catch (err) {
      log.warn(`${dc} could not be read: ${reasonOf(err)}`);
      unreachable.push({ dc, reason: err instanceof KcdmeshError ? err.message : String(err) });
    }
  }
  return { dcs, divergences: compareDcViews(views), unreachable };
}
var init_replication2 = __esm({
  "src/read/replication.ts"() {
    "use strict";
    init_dcs();
    init_keys();
    init_names();
    init_replication();
    init_errors();
    init_dcs2();
    init_dcs2();
  }
});

// src/apply/wait-replication.ts
async function waitForReplication(ctx, dir, openOther, spec) {
  const clock = spec.clock ?? SYSTEM_CLOCK;
  const start = clock.now();
  const deadline = start + spec.seconds * 1e3;
  const progress = createProgress(ctx.err, { quiet: ctx.options.quiet, hosts: null });
  const written = spec.written.filter(hostChanges);
  const keys = new Set(written.map(dnKey));
  const hosts = spec.hosts.filter((h) => keys.has(dnKey(h)));
  const names2 = await writableDcNames(dir);
  if (!names2.some((n) => sameDcName(n, dir.root.dnsHostName))) names2.unshift(dir.root.dnsHostName);
  const states = new Map(names2.map((dc) => [dc, sameDcName(dc, dir.root.dnsHostName) || written.length === 0 ? { dc, status: "in-step", detail: [], seconds: 0 } : { dc, status: "behind", detail: ["not read yet"] }]));
  const warned = /* @__PURE__ */ new Set();
  const reader = dcReader(ctx.log, dir, openOther);
  try {
    for (; ; ) {
      for (const s of states.values()) {
        if (s.status === "in-step") continue;
        let next;
        try {
          const pending = pendingOnDc(written, await reader.read(s.dc, hosts));
          next = pending.length ? { dc: s.dc, status: "behind", detail: pending } : { dc: s.dc, status: "in-step", detail: [], seconds: (clock.now() - start) / 1e3 };
        } catch (err) {
          next = { dc: s.dc, status: "unreachable", detail: [reasonOf(err)] };
          if (!warned.has(s.dc)) ctx.log.warn(`${s.dc} could not be read (tried again until the wait ends): ${reasonOf(err)}`);
          warned.add(s.dc);
        }
        states.set(s.dc, next);
      }
      const all = [...states.values()];
      const step = nextPoll(all, clock.now(), deadline, spec.intervalMs);
      const elapsed = (clock.now() - start) / 1e3;
      if (step.kind !== "wait") return { ok: step.kind === "done", seconds: elapsed, dcs: all };
      const held = all.filter((s) => s.status === "in-step").length;
      const waiting = all.filter((s) => s.status !== "in-step").map((s) => `${s.dc}${s.status === "unreachable" ? " (not reached)" : ""}`);
      progress.step(`waiting for replication: ${held} of ${all.length} writable DCs hold the change; waiting for ${waiting.join(", ")} (${Math.round(elapsed)} s of ${spec.seconds})`);
      await clock.sleep(step.ms);
    }
  } finally {
    await reader.close();
  }
}
var SYSTEM_CLOCK;
var init_wait_replication = __esm({
  "src/apply/wait-replication.ts"() {
    "use strict";
    init_dcs();
    init_keys();
    init_wait();
    init_progress();
    init_replication2();
    SYSTEM_CLOCK = {
      now: () => Date.now(),
      sleep: (ms) => new Promise((resolve3) => setTimeout(resolve3, ms))
    };
  }
});

// src/apply/converge.ts
function assertCanConfirm(ctx, yes, command, hint = `review with \`kcdmesh plan\`, then run ${command} with --yes`) {
  if (!yes && !ctx.interactive) throw new UsageError(`${command} needs a confirmation and there is no terminal to ask on`, hint);
}
async function confirmed(ctx, dir, spec, shown) {
  if (spec.opts.yes) return shown;
  if (!await ctx.prompts.confirm(`Write these changes to ${dir.url}?`)) throw new CancelledError(spec.command);
  const again = await spec.read(dir);
  if (planFingerprint(again.plan) !== planFingerprint(shown.plan)) throw new StalePlanError();
  return again;
}
async function showAndWrite(ctx, dir, spec, text) {
  const shown = await spec.read(dir);
  assertWritable(shown.plan);
  if (text) for (const piece of planTextPieces(shown.plan, ctx.style)) ctx.out.write(piece);
  if (isEmptyPlan(shown.plan)) {
    if (spec.opts.waitReplication !== null) ctx.log.info("nothing to write, so nothing to wait for; verify --all-dcs compares the DCs");
    if (!text) for (const piece of jsonChunks(spec.command, { dc: { url: dir.url, dnsHostName: dir.root.dnsHostName }, plan: shown.plan, results: [], ...spec.doneJson?.(shown) })) ctx.out.write(piece);
    return null;
  }
  const toWrite = await confirmed(ctx, dir, spec, shown);
  const committed = await recordedWrite(ctx.log, dir, spec.command, toWrite, spec.opts, ctx.interrupt, spec.reopen);
  const { plan } = toWrite;
  const ok = new Set(committed.results.filter((r) => r.status === "written").map((r) => r.dn));
  return {
    committed,
    plan: text ? null : plan,
    written: spec.opts.waitReplication === null ? [] : plan.hosts.filter((h) => ok.has(h.dn))
  };
}
async function afterWrite(ctx, dir, spec) {
  try {
    return { after: await spec.read(dir), on: dir, close: async () => void 0 };
  } catch (err) {
    if (!(err instanceof NotSentError) || !spec.reopen) throw err;
    ctx.log.info(`the connection to ${dir.url} was lost during the write; reading the hosts again on a new one`);
  }
  let other = null;
  try {
    other = await spec.reopen();
    const on = other;
    return { after: await spec.read(on), on, close: () => on.close().catch(() => void 0) };
  } catch (err) {
    await other?.close().catch(() => void 0);
    const why = err instanceof KcdmeshError ? err.message : String(err);
    throw new KcdmeshError(`${spec.command} wrote every host, but they could not be read again to check the result: ${why}`, "run kcdmesh verify with the same hosts once the DC answers");
  }
}
async function converge(ctx, dir, spec, openOther) {
  const text = ctx.options.output !== "json";
  const done = await showAndWrite(ctx, dir, spec, text);
  if (!done) return "clean";
  const { after, on, close } = await afterWrite(ctx, dir, spec);
  try {
    return await verified(ctx, on, spec, done, after, openOther);
  } finally {
    await close();
  }
}
async function verified(ctx, dir, spec, done, after, openOther) {
  const text = ctx.options.output !== "json";
  const { committed } = done;
  if (!isEmptyPlan(after.plan)) {
    throw new KcdmeshError(`the directory does not hold the planned state after ${spec.command} (another writer, or a DC that rewrote values)`, "run kcdmesh verify (or the same command again) to see what differs");
  }
  let waited = null;
  if (spec.opts.waitReplication !== null) {
    if (!openOther) throw new KcdmeshError(`${spec.command} cannot wait for replication here`, "run without --wait-replication and use verify --all-dcs");
    waited = await waitForReplication(ctx, dir, openOther, {
      written: done.written,
      hosts: after.hosts,
      seconds: spec.opts.waitReplication,
      intervalMs: DEFAULTS.pollSeconds * 1e3
    });
    if (waited.ok) ctx.log.info(`every writable DC holds the change (${waited.seconds.toFixed(1)} s)`);
    else ctx.log.warn(`not every writable DC holds the change after ${waited.seconds.toFixed(1)} s`);
  }
  const dc = { url: dir.url, dnsHostName: dir.root.dnsHostName };
  if (text) ctx.out.write(`
${spec.doneText(after, committed)}${waited ? renderWaitText(waited.dcs, waited.seconds) : ""}${REPLICATION_NOTE}
`);
  else for (const piece of jsonChunks(spec.command, { dc, plan: done.plan, results: committed.results, backup: committed.backup, ...waited ? { replication: waited } : {}, ...spec.doneJson?.(after) })) ctx.out.write(piece);
  return waited && !waited.ok ? "pending" : "clean";
}
var REPLICATION_NOTE;
var init_converge = __esm({
  "src/apply/converge.ts"() {
    "use strict";
    init_plan();
    init_errors();
    init_json();
    init_plan_text();
    init_wait_text();
    init_options();
    init_records();
    init_wait_replication();
    REPLICATION_NOTE = "Changes reach the hosts after replication to their DCs and a new ticket: wait up to 15 minutes, or run `klist purge -li 0x3e7` on each host.";
  }
});

// src/core/state.ts
function planReading(r) {
  return { hosts: r.hosts, mappings: r.mappings, plan: planTopology(r.topology, r.policy, r.mappings) };
}
var init_state = __esm({
  "src/core/state.ts"() {
    "use strict";
    init_plan();
  }
});

// src/render/aduc.ts
function flagWords(uac, values) {
  const out = [];
  if (hasFlag(uac, UAC.ACCOUNTDISABLE)) out.push({ label: "account disabled", bad: true });
  if (hasFlag(uac, UAC.TRUSTED_FOR_DELEGATION)) out.push({ label: MODE_WORDS.unconstrained, bad: true });
  else if (hasFlag(uac, UAC.TRUSTED_TO_AUTH_FOR_DELEGATION)) out.push({ label: MODE_WORDS["any-protocol"], bad: false });
  else if (values > 0) out.push({ label: MODE_WORDS["kerberos-only"], bad: false });
  if (hasFlag(uac, UAC.NOT_DELEGATED)) out.push({ label: "Account is sensitive and cannot be delegated", bad: false });
  return out;
}
var MODE_WORDS;
var init_aduc = __esm({
  "src/render/aduc.ts"() {
    "use strict";
    init_mode();
    init_uac();
    MODE_WORDS = {
      unconstrained: "Trust this computer for delegation to any service (Kerberos only)",
      "kerberos-only": `Trust this computer for delegation to specified services only \u2014 ${MODE_LABEL["kerberos-only"]}`,
      "any-protocol": `Trust this computer for delegation to specified services only \u2014 ${MODE_LABEL["any-protocol"]}`,
      none: "Do not trust this computer for delegation"
    };
  }
});

// src/render/verify-text.ts
function cellText(c) {
  switch (c.state) {
    case "self":
      return "-";
    case "unplanned":
      return "\xB7";
    case "complete":
      return "ok";
    case "none":
      return "none";
    case "undelegable":
      return "no SPN";
    case "partial":
      return `${c.present}/${c.expected}`;
  }
}
function matrix(v, style) {
  const names2 = v.hosts.map((h) => h.name);
  const rows = matrixRows(names2, pairsOf(v.trust), v.services, v.findings);
  const undelegable = rows.some((r) => r.cells.some((c) => c.state === "undelegable"));
  const width = Math.max(undelegable ? 6 : 4, ...names2.map((n) => n.length));
  const draw = (c) => {
    const t = cellText(c).padEnd(width);
    return c.state === "self" || c.state === "unplanned" ? style.dim(t) : c.state === "complete" ? style.add(t) : style.remove(t);
  };
  return [
    `Trust (row delegates to column${undelegable ? '; "no SPN": the column cannot be delegated to' : ""}):`,
    `  ${"".padEnd(width)}  ${names2.map((n) => n.padEnd(width)).join("  ")}`.trimEnd(),
    ...rows.map((r) => `  ${r.host.padEnd(width)}  ${r.cells.map(draw).join("  ")}`.trimEnd())
  ];
}
function hostLines(v) {
  const lines = ["Hosts:"];
  for (const h of v.hosts) {
    lines.push(`  ${h.name}: ${MODE_WORDS[h.mode]}${h.release ? `; ${h.release}` : ""}`);
    for (const f of h.foreign) lines.push(`    not managed by kcdmesh: ${f.spn} (service ${f.service}, target ${f.target})`);
  }
  return lines;
}
function findingLines(findings, style) {
  return findings.map((f) => findingLine(f, style));
}
function renderVerifyText(v, style) {
  const lines = [...modeLines(v, style), ...v.modeEnforced ? [] : [style.dim("  (no --mode and no mode in a config: the hosts' own modes are reported, and only a mesh that disagrees is a finding)")], ""];
  if (v.hosts.length <= MATRIX_MAX) append(lines, [...matrix(v, style), "", ...hostLines(v), ""]);
  else {
    const foreign = v.hosts.filter((h) => h.foreign.length);
    if (foreign.length) append(lines, ["Values kcdmesh does not manage:", ...foreign.flatMap((h) => h.foreign.map((f) => `  ${h.name}: ${f.spn}`)), ""]);
  }
  if (v.findings.length) append(lines, [...findingLines(v.findings, style), ""]);
  lines.push(style.bold(verifySummary(v)));
  return `${lines.join("\n")}
`;
}
var MATRIX_MAX;
var init_verify_text = __esm({
  "src/render/verify-text.ts"() {
    "use strict";
    init_matrix();
    init_aduc();
    init_lines();
    init_plan_text();
    init_sentences();
    init_sentences();
    MATRIX_MAX = 16;
  }
});

// src/core/discovery.ts
function describeHost(h) {
  return {
    name: h.name,
    fqdn: h.fqdn,
    dn: h.dn,
    mode: currentMode(h.userAccountControl, h.delegateTo.length),
    values: h.delegateTo.length,
    domainController: isDomainController(h.userAccountControl)
  };
}
function byName(a, b) {
  return hostOrder(a.name, b.name);
}
var init_discovery = __esm({
  "src/core/discovery.ts"() {
    "use strict";
    init_keys();
    init_uac();
  }
});

// src/core/prune.ts
function pruneCandidates(host, wanted, services) {
  const managed = new Set(services.map(serviceKey));
  const keep = new Set(wanted.map(spnKey));
  const out = [];
  for (const value of host.delegateTo) {
    const p = parseSpn(value);
    if (!p || p.rest !== null || !managed.has(serviceKey(p.service)) || keep.has(spnKey(value))) continue;
    out.push({ value, target: p.host });
  }
  return out;
}
function prunable(kind) {
  return kind === "hyper-v" || kind === "gone";
}
var init_prune = __esm({
  "src/core/prune.ts"() {
    "use strict";
    init_keys();
    init_spn();
  }
});

// src/config/secret.ts
import { inspect } from "node:util";
var Secret;
var init_secret = __esm({
  "src/config/secret.ts"() {
    "use strict";
    Secret = class {
      #value;
      constructor(value) {
        this.#value = value;
      }
      reveal() {
        return this.#value;
      }
      toString() {
        return "***";
      }
      toJSON() {
        return "***";
      }
      [inspect.custom]() {
        return "Secret(***)";
      }
    };
  }
});

// src/config/connection.ts
function shownUrl(raw) {
  return JSON.stringify(raw.replace(/^([a-z][a-z0-9+.-]*:\/\/)?.*@/is, (_m, scheme) => `${scheme ?? ""}***@`));
}
function parseUrl(raw, starttls) {
  let u;
  try {
    u = new URL(raw);
  } catch {
    throw new UsageError(`malformed URL ${shownUrl(raw)}`, "give the DC as ldaps://dc1.example.com (or ldap://... with --starttls)");
  }
  if (u.protocol !== "ldaps:" && u.protocol !== "ldap:") {
    throw new UsageError(`unsupported URL scheme ${JSON.stringify(u.protocol)} in ${shownUrl(raw)}`, "use ldaps://host (port 636) or ldap://host with --starttls");
  }
  if (!u.hostname) throw new UsageError(`no host in URL ${shownUrl(raw)}`, "give the DC as ldaps://dc1.example.com");
  if (u.pathname && u.pathname !== "/" || u.search || u.username || u.password) {
    throw new UsageError(`URL ${shownUrl(raw)} has more than scheme, host and port`, "give only ldaps://host[:port]; the base DN comes from the DC, or from --search-base");
  }
  if (starttls && u.protocol === "ldaps:") throw new UsageError("--starttls goes with ldap:// URLs, not ldaps://", "drop --starttls, or use ldap://");
  return `${u.protocol}//${u.host}`;
}
async function readSecretFile(path) {
  const text = await readTextFile(path, "password");
  const password = text.split("\n")[0];
  if (password === "") throw new UsageError(`password file ${path} is empty`, "put the password on the first line of the file");
  return password;
}
async function readCa(path) {
  const pem = await readTextFile(path, "ca");
  if (!pem.includes("-----BEGIN CERTIFICATE-----")) throw new UsageError(`CA file ${path} holds no PEM certificate`, "give the CA certificate in PEM form (-----BEGIN CERTIFICATE-----)");
  return pem;
}
async function resolveConnection(flags, ctx) {
  const auth = parseAuth(flags.auth);
  if (auth === "kerberos" && flags.passwordFile !== void 0) {
    throw new UsageError("--password-file cannot be used with --auth kerberos", "the Kerberos ticket is the credential: drop --password-file (get a ticket with kinit)");
  }
  const starttls = flags.starttls ?? false;
  const found = await dcSource(flags, auth === "kerberos", ctx.lookup ?? systemLookup(ctx.env));
  const [url, ...fallbackUrls] = found.urls.map((u) => parseUrl(u, starttls));
  const base = { url, auth, fallbackUrls, domain: found.domain, starttls, tlsInsecure: flags.insecureSkipVerify ?? false, timeoutMs: Math.round((flags.timeout ?? DEFAULTS.timeoutSeconds) * 1e3) };
  if (auth === "kerberos") {
    if (flags.insecureSkipVerify) ctx.warn("WARNING: --insecure-skip-verify: the DC certificate is not checked; anyone on the path can pose as the DC");
    return { ...base, user: "(Kerberos ticket)", password: new Secret(""), caPem: flags.caFile ? await readCa(flags.caFile) : null, allowPlaintext: false };
  }
  const user = flags.user;
  if (!user) throw new UsageError("no user given", "pass --user admin@example.com or set KCDMESH_USER");
  const plaintext = url.startsWith("ldap:") && !starttls;
  if (plaintext && !flags.insecurePlaintext) {
    throw new UsageError(`refusing to send a password over plain ${url}`, "use ldaps:// or add --starttls");
  }
  if (plaintext) ctx.warn("WARNING: --insecure-plaintext: the password is sent unencrypted to the DC");
  if (flags.insecureSkipVerify) ctx.warn("WARNING: --insecure-skip-verify: the DC certificate is not checked; anyone on the path can pose as the DC");
  const caFile = flags.caFile;
  const caPem = caFile ? await readCa(caFile) : null;
  let password;
  if (flags.passwordFile !== void 0) password = await readSecretFile(flags.passwordFile);
  else if (ctx.env.KCDMESH_PASSWORD) password = ctx.env.KCDMESH_PASSWORD;
  else if (ctx.askPassword) password = await ctx.askPassword(`Password for ${user}:`);
  else throw new UsageError(`no password for ${user}`, "set KCDMESH_PASSWORD or pass --password-file FILE (there is no terminal to ask on)");
  if (password === "") throw new UsageError(`empty password for ${user}`, "an empty password is never accepted for a simple bind");
  return { ...base, user, password: new Secret(password), caPem, allowPlaintext: plaintext };
}
var init_connection = __esm({
  "src/config/connection.ts"() {
    "use strict";
    init_errors();
    init_read_file();
    init_options();
    init_secret();
    init_dc_source();
  }
});

// src/directory/dc-failover.ts
async function openFirstDc(conn, open3, log) {
  const urls = [conn.url, ...conn.fallbackUrls];
  for (let i = 0; ; i++) {
    try {
      const dir = await open3({ ...conn, url: urls[i], fallbackUrls: [] }, log);
      if (conn.domain) log.info(`using DC ${urls[i]} (DNS SRV records of ${conn.domain}${i ? `; ${i} before it did not answer` : ""})`);
      return dir;
    } catch (err) {
      if (i + 1 >= urls.length || !(err instanceof Error) || !UNREACHABLE.test(err.message)) throw err;
      log.warn(`${urls[i]}: ${err.message}; trying ${urls[i + 1]}`);
    }
  }
}
var UNREACHABLE;
var init_dc_failover = __esm({
  "src/directory/dc-failover.ts"() {
    "use strict";
    UNREACHABLE = /refused|cannot resolve|did not answer|connection to \S+ lost/i;
  }
});

// src/read/session.ts
function directorySession(ports, options, log) {
  return {
    async use(fn) {
      const askPassword = ports.interactive ? (m) => ports.prompts.password(m) : null;
      const conn = await resolveConnection(options.connection, { env: ports.env, askPassword, warn: (m) => log.warn(m) });
      const dir = await openFirstDc(conn, ports.openDirectory, log);
      const openOther = (url) => ports.openDirectory({ ...conn, url }, log);
      let chosen = null;
      try {
        log.debug(`connected to ${dir.url} (${dir.root.dnsHostName || "unknown DC"}), domain ${dir.root.defaultNamingContext}, as ${dir.user}`);
        chosen = options.dc ? await useChosenDc(log, dir, options.dc, openOther) : dir;
        return await fn(chosen, openOther);
      } finally {
        if (chosen && chosen !== dir) await chosen.close();
        const used = chosen && chosen !== dir ? [dir, chosen] : [dir];
        const line = `LDAP requests: ${used.reduce((n, d) => n + d.stats.searches, 0)} searches, ${used.reduce((n, d) => n + d.stats.modifies, 0)} modifies`;
        if (options.stats) log.info(line);
        else log.debug(line);
        await dir.close();
      }
    }
  };
}
function searchBase(ctx, dir) {
  return ctx.options.searchBase ?? dir.root.defaultNamingContext;
}
var init_session = __esm({
  "src/read/session.ts"() {
    "use strict";
    init_connection();
    init_dc_failover();
    init_dcs2();
  }
});

// src/read/mesh.ts
function discoveredMembers(log, found, forWrite, where) {
  return found.filter((h) => {
    if (isDomainController(h.userAccountControl)) {
      log.warn(`${where}${h.name} is a domain controller that registers the migration SPN; left out of the mesh`);
      return false;
    }
    if (forWrite && hasFlag(h.userAccountControl, UAC.ACCOUNTDISABLE)) {
      log.warn(`${where}${h.name}'s computer account is disabled; left out of the mesh`);
      return false;
    }
    return true;
  });
}
async function selectHosts(ctx, dir, sel) {
  const base = searchBase(ctx, dir);
  if (sel.discover) {
    if (sel.names.length) throw new UsageError("both host names and --discover given", "name the hosts, or use --discover alone");
    return discoveredMembers(ctx.log, (await dir.discoverHosts(base)).sort(byName), sel.forWrite, "");
  }
  const names2 = parseHostNames(sel.names);
  if (names2.length === 0) throw new UsageError("no hosts given", "name the hosts (HV01 HV02 ..., or --hosts HV01,HV02) or use --discover");
  return resolveHostNames(names2, await dir.findHosts(names2, base));
}
async function readMesh(ctx, dir, sel, policy) {
  const [hosts, mappings] = await Promise.all([selectHosts(ctx, dir, sel), dir.readSpnMappings()]);
  checkMesh(hosts);
  if (sel.forWrite) checkEnabled(hosts);
  return { hosts, mappings, topology: meshTopology(hosts, policy.services, policy.mode), policy };
}
function sameHosts(hosts, forWrite) {
  return { names: hosts.map((h) => h.name), discover: false, forWrite };
}
var init_mesh2 = __esm({
  "src/read/mesh.ts"() {
    "use strict";
    init_discovery();
    init_mesh();
    init_names();
    init_topology();
    init_uac();
    init_errors();
    init_session();
  }
});

// src/read/targets.ts
function safeName(form) {
  try {
    return parseHostName(form);
  } catch {
    return null;
  }
}
function holds(record2, form) {
  if (answersTo(record2, form)) return true;
  return record2.servicePrincipalNames.some((s) => {
    const host = parseSpn(s)?.host;
    return host !== void 0 && nameKey(host) === nameKey(form);
  });
}
async function classifyTargets(dir, forms, storage, services) {
  const isStorage = (f) => storage.some((s) => holds(s, f));
  const unique = uniqueBy(forms.filter((f) => !isStorage(f)), nameKey);
  const named = unique.map(safeName).filter((n) => n !== null);
  const classes = uniqueBy(["HOST", ...services], serviceKey);
  const base = dir.root.defaultNamingContext;
  const domain = domainOfDn(base);
  const found = named.length ? await dir.findNameHolders(named, classes, base) : [];
  return (form) => {
    if (isStorage(form)) return "storage";
    if (!safeName(form)) return "other";
    const owners = found.filter((r) => holds(r, form));
    if (owners.length === 0) return form.includes(".") && !nameKey(form).endsWith(`.${domain}`) ? "other" : "gone";
    const migration2 = spnKey(MIGRATION_SERVICE);
    return owners.some((o) => o.servicePrincipalNames.some((s) => spnKey(s).startsWith(`${migration2}/`))) ? "hyper-v" : "other";
  };
}
var init_targets = __esm({
  "src/read/targets.ts"() {
    "use strict";
    init_keys();
    init_mesh();
    init_names();
    init_spn();
  }
});

// src/read/groups.ts
async function discoverGroup(ctx, dir, g, forWrite) {
  const d = g.discover;
  const found = (await dir.discoverByRules(d.searchBase ?? searchBase(ctx, dir), d)).sort(byName);
  return discoveredMembers(ctx.log, found, forWrite, `group ${g.name}: `);
}
async function resolveGroups(ctx, dir, b, forWrite) {
  const allNames = b.groups.flatMap((g) => [...g.hosts ?? [], ...g.storage]);
  const unique = uniqueBy(allNames, (n) => nameKey(n).replace(/\$$/, ""));
  const found = unique.length ? await dir.findHosts(parseHostNames(unique), searchBase(ctx, dir)) : [];
  const groups = [];
  for (const g of b.groups) {
    const within = (what, fn) => {
      try {
        return fn();
      } catch (err) {
        if (err instanceof UsageError) throw new UsageError(`group ${g.name}, ${what}: ${err.message}`, err.hint);
        throw err;
      }
    };
    const hosts = g.hosts ? within("hosts", () => resolveHostNames(parseHostNames(g.hosts), found)) : await discoverGroup(ctx, dir, g, forWrite);
    const storage = within("storage", () => resolveHostNames(parseHostNames(g.storage), found));
    within("hosts", () => (checkMesh(hosts, storage.length ? 1 : 2), hosts));
    within("storage", () => (checkMesh(storage, 0), storage));
    for (const s of storage) {
      if (hosts.some((h) => sameDn(h, s))) throw new UsageError(`group ${g.name}: ${s.name} is both a host and a storage target`, "list it in one place");
    }
    if (forWrite) within("hosts", () => (checkEnabled(hosts), hosts));
    groups.push({ name: g.name, mode: g.mode ?? b.mode, hosts, storage });
  }
  checkOneDomain(groups);
  return groups;
}
async function withPrune(dir, topo, services, storage) {
  const managed = uniqueBy([...services, ...STORAGE_SERVICES], serviceKey);
  const candidates = topo.members.map((h) => ({ host: h, list: pruneCandidates(h, wantedValues(h, topo.edges), managed) }));
  const forms = candidates.flatMap((c) => c.list.map((x) => x.target));
  if (forms.length === 0) return topo;
  const kindOf = await classifyTargets(dir, forms, storage, managed);
  const removals = new Map(topo.removals);
  for (const c of candidates) {
    const drop = c.list.filter((x) => prunable(kindOf(x.target))).map((x) => x.value);
    if (drop.length) removals.set(dnKey(c.host), [...removals.get(dnKey(c.host)) ?? [], ...drop]);
  }
  return { ...topo, removals };
}
async function readBaseline(ctx, dir, b, opts) {
  const [groups, mappings] = await Promise.all([resolveGroups(ctx, dir, b, opts.forWrite), dir.readSpnMappings()]);
  let topo = groupsTopology(groups, b.services);
  const storage = uniqueBy(groups.flatMap((g) => g.storage), dnKey);
  if (opts.prune) topo = await withPrune(dir, topo, b.services, storage);
  const hosts = [...topo.members, ...storage.filter((s) => !topo.members.some((m) => sameDn(m, s)))];
  return { hosts, mappings, topology: topo, policy: policyOf(b) };
}
var init_groups2 = __esm({
  "src/read/groups.ts"() {
    "use strict";
    init_discovery();
    init_groups();
    init_keys();
    init_mesh();
    init_names();
    init_prune();
    init_topology();
    init_errors();
    init_mesh2();
    init_session();
    init_targets();
  }
});

// src/read/source.ts
function sourceReader(ctx, source) {
  if (source.kind === "config") {
    return (dir) => readBaseline(ctx, dir, source.baseline, { forWrite: source.forWrite, prune: source.prune });
  }
  let selection = source.selection;
  return async (dir) => {
    const reading = await readMesh(ctx, dir, selection, source.policy);
    selection = sameHosts(reading.hosts, selection.forWrite);
    return reading;
  };
}
var init_source = __esm({
  "src/read/source.ts"() {
    "use strict";
    init_groups2();
    init_mesh2();
  }
});

// src/commands/apply.ts
async function applyCommand(ctx) {
  const { source, write } = ctx.options;
  assertCanConfirm(ctx, write.yes, "apply");
  return ctx.directory.use((dir, openOther) => {
    const read = sourceReader(ctx, source);
    return converge(ctx, dir, {
      command: "apply",
      reopen: reopenSameDc(dir, openOther),
      read: async (d) => planReading(await read(d)),
      opts: write,
      doneText: (after, { backup }) => `${renderVerifyText(verdictFromPlan(after.plan, after.hosts), ctx.style)}To undo: kcdmesh rollback ${backup}
`,
      doneJson: (after) => ({ verify: verdictFromPlan(after.plan, after.hosts) })
    }, openOther);
  });
}
var init_apply = __esm({
  "src/commands/apply.ts"() {
    "use strict";
    init_converge();
    init_state();
    init_verdict();
    init_verify_text();
    init_dcs2();
    init_source();
  }
});

// src/render/discover-text.ts
function renderDiscoverText(hosts) {
  if (hosts.length === 0) return 'No computers register "Microsoft Virtual System Migration Service/*" under this base.\n';
  const rows = [["NAME", "FQDN", "MODE", "VALUES", "DN"], ...hosts.map((h) => [h.name + (h.domainController ? " (DC)" : ""), h.fqdn ?? "-", h.mode, String(h.values), h.dn])];
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  const lines = rows.map((r) => r.map((c, i) => i === r.length - 1 ? c : c.padEnd(widths[i])).join("  "));
  return `${lines.join("\n")}
${hosts.length} Hyper-V host${hosts.length === 1 ? "" : "s"} found.
`;
}
var init_discover_text = __esm({
  "src/render/discover-text.ts"() {
    "use strict";
  }
});

// src/commands/discover.ts
async function discoverCommand(ctx) {
  const hosts = await ctx.directory.use(async (dir) => (await dir.discoverHosts(searchBase(ctx, dir))).sort(byName).map(describeHost));
  ctx.out.write(ctx.options.output === "json" ? renderJson("discover", { hosts }) : renderDiscoverText(hosts));
  return "clean";
}
var init_discover = __esm({
  "src/commands/discover.ts"() {
    "use strict";
    init_discovery();
    init_discover_text();
    init_json();
    init_session();
  }
});

// src/core/offboard.ts
function valuesTo(host, services) {
  return peerValues(services, host.name, host.fqdn ?? host.name);
}
function offboardTopology(host, holders, ownDrops, services) {
  const keys = new Set(valuesTo(host, services).map(spnKey));
  const removals = /* @__PURE__ */ new Map();
  for (const h of holders) removals.set(dnKey(h), h.delegateTo.filter((v) => keys.has(spnKey(v))));
  if (ownDrops.length) removals.set(dnKey(host), [...ownDrops]);
  const members = [...holders, ...ownDrops.length ? [host] : []];
  return { members, edges: [], removals, modes: new Map(members.map((m) => [dnKey(m), null])) };
}
var init_offboard = __esm({
  "src/core/offboard.ts"() {
    "use strict";
    init_keys();
    init_spn();
  }
});

// src/read/offboard.ts
async function readOffboard(ctx, dir, name, policy) {
  const base = searchBase(ctx, dir);
  const [host] = resolveHostNames(parseHostNames([name]), await dir.findHosts(parseHostNames([name]), base));
  if (isDomainController(host.userAccountControl)) {
    throw new UsageError(`${host.name} is a domain controller (${host.dn})`, "kcdmesh never writes to domain controllers; remove its delegation by hand");
  }
  const found = await dir.findDelegatingTo(valuesTo(host, policy.services), base);
  const holders = found.filter((h) => {
    if (sameDn(h, host)) return false;
    if (isDomainController(h.userAccountControl)) ctx.log.warn(`${h.name} is a domain controller holding delegation to ${host.name}; kcdmesh does not write to DCs, remove it by hand`);
    return !isDomainController(h.userAccountControl);
  });
  const own = pruneCandidates(host, [], policy.services);
  const kindOf = await classifyTargets(dir, own.map((c) => c.target), [], policy.services);
  const ownDrops = own.filter((c) => prunable(kindOf(c.target))).map((c) => c.value);
  const mappings = await dir.readSpnMappings();
  return { hosts: [host, ...holders], mappings, topology: offboardTopology(host, holders, ownDrops, policy.services), policy };
}
var init_offboard2 = __esm({
  "src/read/offboard.ts"() {
    "use strict";
    init_keys();
    init_names();
    init_offboard();
    init_prune();
    init_uac();
    init_errors();
    init_session();
    init_targets();
  }
});

// src/commands/offboard.ts
async function offboardCommand(ctx, name) {
  const { policy, write } = ctx.options;
  assertCanConfirm(ctx, write.yes, "offboard");
  return ctx.directory.use(
    (dir, openOther) => converge(ctx, dir, {
      command: "offboard",
      reopen: reopenSameDc(dir, openOther),
      read: async (d) => planReading(await readOffboard(ctx, d, name, policy)),
      opts: write,
      doneText: (_after, { results }) => `${name} is out of the mesh: removed from ${results.length} host${results.length === 1 ? "" : "s"}; values kcdmesh does not manage were kept.
`
    }, openOther)
  );
}
var init_offboard3 = __esm({
  "src/commands/offboard.ts"() {
    "use strict";
    init_converge();
    init_state();
    init_offboard2();
    init_dcs2();
  }
});

// src/read/onboard.ts
async function readOnboard(dir, base, chosen, policy) {
  const names2 = [chosen.host, ...chosen.peerNames, ...chosen.storageNames];
  const lookup = uniqueBy(names2.map(parseHostName), (n) => `${n.kind}:${n.key}`);
  const [found, mappings] = await Promise.all([dir.findHosts(lookup, base), dir.readSpnMappings()]);
  const [host] = resolveHostNames(parseHostNames([chosen.host]), found);
  const peerNames = parseHostNames(chosen.peerNames);
  const self = peerNames.find((p) => matches(p, host));
  if (self) throw ownPeerError(host.name, self.input);
  const [, ...rest] = resolveHostNames([...parseHostNames([chosen.host]), ...peerNames], found);
  const storage = resolveHostNames(parseHostNames(chosen.storageNames), found);
  const asStorage = storage.find((s) => sameDn(s, host));
  if (asStorage) throw new UsageError(`${host.name} is a storage target of the chosen group, so it cannot join it as a Hyper-V host`, "choose another group, or take it out of the group's storage in the config");
  checkMesh([host, ...rest]);
  checkEnabled([host, ...rest]);
  return {
    hosts: [host, ...rest, ...storage],
    mappings,
    topology: onboardTopology(host, rest, storage, policy.services, chosen.mode),
    policy: { ...policy, mode: chosen.mode }
  };
}
var init_onboard2 = __esm({
  "src/read/onboard.ts"() {
    "use strict";
    init_mesh();
    init_keys();
    init_names();
    init_onboard();
    init_errors();
  }
});

// src/commands/onboard.ts
async function choose(ctx, dir, host) {
  const { baseline, peers: peers2, groups: groupNames, policy } = ctx.options;
  const groups = [];
  let offered;
  if (baseline) {
    const all = await resolveGroups(ctx, dir, baseline, true);
    let names2 = groupNames;
    if (names2.length === 0) {
      if (!ctx.interactive) throw new UsageError("onboard with --config needs --group NAME (no terminal to ask on)", `groups in the config: ${all.map((g) => g.name).join(", ")}`);
      names2 = await ctx.prompts.choose(`Groups for ${host.name}:`, all.map((g) => ({ name: `${g.name} (${g.hosts.length} hosts)`, value: g.name, checked: all.length === 1 })));
    }
    for (const n of names2) {
      const g = all.find((x) => nameKey(x.name) === nameKey(n));
      if (!g) throw new UsageError(`no group ${JSON.stringify(n)} in the config`, `groups: ${all.map((x) => x.name).join(", ")}`);
      groups.push(g);
    }
    offered = groups.flatMap((g) => g.hosts);
  } else {
    if (peers2.length === 0 && !ctx.interactive) throw new UsageError(`onboard ${host.name} needs --peers (no terminal to choose them on)`, "pass --peers HV01,HV02, or --config with --group");
    offered = peers2.length ? [] : (await dir.discoverHosts(searchBase(ctx, dir))).filter((h) => !isDomainController(h.userAccountControl)).sort(byName);
  }
  offered = uniqueBy(offered.filter((p) => !sameDn(p, host)), dnKey);
  let peerNames = peers2.length ? peers2 : offered.map((p) => p.name);
  if (peers2.length === 0 && ctx.interactive) {
    peerNames = await ctx.prompts.choose(`Peers ${host.name} will trust both ways:`, offered.map((p) => ({ name: `${p.name} (${p.fqdn ?? "no FQDN"})`, value: p.name, checked: Boolean(baseline) })));
  }
  if (peerNames.length === 0) throw new UsageError(`no peers chosen for ${host.name}`, "pass --peers HV01,HV02 (or --group with --config), or tick peers in the checklist");
  const modes = new Set(groups.map((g) => g.mode));
  if (modes.size > 1) throw new UsageError(`the chosen groups use different modes (${[...modes].join(", ")})`, "onboard into groups of one mode at a time");
  return {
    host: host.name,
    peerNames,
    storageNames: uniqueBy(groups.flatMap((g) => g.storage), dnKey).map((s) => s.name),
    mode: groups[0]?.mode ?? policy.mode,
    groups
  };
}
async function onboardCommand(ctx, name) {
  const { baseline, write } = ctx.options;
  assertCanConfirm(ctx, write.yes, "onboard", "review with `kcdmesh onboard ... --output json` in a terminal, or add --yes");
  return ctx.directory.use(async (dir, openOther) => {
    const base = searchBase(ctx, dir);
    const [host] = resolveHostNames(parseHostNames([name]), await dir.findHosts(parseHostNames([name]), base));
    const chosen = await choose(ctx, dir, host);
    const policy = { ...ctx.options.policy, mode: chosen.mode };
    return converge(ctx, dir, {
      command: "onboard",
      reopen: reopenSameDc(dir, openOther),
      read: async (d) => planReading(await readOnboard(d, base, chosen, policy)),
      opts: write,
      doneText: (after) => {
        const listed = chosen.groups.filter((g) => !g.hosts.some((h) => sameDn(h, host)));
        const note = baseline && listed.length ? `Add ${host.name} to group ${listed.map((g) => g.name).join(", ")} in the config, or the next plan with --prune will take it out again.
` : "";
        return `${host.name} and ${after.plan.hosts.length - 1} peers now trust each other both ways.
${note}`;
      }
    }, openOther);
  });
}
var init_onboard3 = __esm({
  "src/commands/onboard.ts"() {
    "use strict";
    init_converge();
    init_discovery();
    init_keys();
    init_names();
    init_state();
    init_uac();
    init_errors();
    init_dcs2();
    init_groups2();
    init_onboard2();
    init_session();
  }
});

// src/render/powershell.ts
function psQuote(s) {
  return `'${s.replace(/['\u2018\u2019\u201A\u201B]/g, (q) => q + q)}'`;
}
function comment(text) {
  return `# ${text.replace(/[\x00-\x1F\x7F\u2028\u2029\u0085]/g, "?")}`.trimEnd();
}
function accountControl(u) {
  const params = [
    [UAC.TRUSTED_FOR_DELEGATION, "-TrustedForDelegation"],
    [UAC.TRUSTED_TO_AUTH_FOR_DELEGATION, "-TrustedToAuthForDelegation"]
  ];
  const handled = params.reduce((m, [bit]) => m | bit, 0);
  if (((u.from ^ u.to) & ~handled) !== 0) throw new Error(`userAccountControl change ${u.from} -> ${u.to} touches bits kcdmesh never plans`);
  return params.filter(([bit]) => hasFlag(u.from, bit) !== hasFlag(u.to, bit)).map(([bit, p]) => `${p} $${hasFlag(u.to, bit)}`);
}
function valueList(values) {
  return values.map((v, i) => `        ${psQuote(v)}${i < values.length - 1 ? "," : ""}`);
}
function hostBlock2(h) {
  const id = psQuote(h.dn);
  const lines = [comment(`${h.host}: add ${h.add.length}, remove ${h.remove.length}`), ...h.uac ? [comment(`${h.host}: ${describeUac(h.uac)}`)] : []];
  if (h.add.length || h.remove.length) {
    lines.push(`Set-ADObject -Server $Server -Identity ${id} \``);
    if (h.remove.length) lines.push(`    -Remove @{ 'msDS-AllowedToDelegateTo' = @(`, ...valueList(h.remove), `    ) }${h.add.length ? " `" : ""}`);
    if (h.add.length) lines.push(`    -Add @{ 'msDS-AllowedToDelegateTo' = @(`, ...valueList(h.add), "    ) }");
  }
  if (h.uac) lines.push(`Set-ADAccountControl -Server $Server -Identity ${id} ${accountControl(h.uac).join(" ")}`);
  return [...lines, ""];
}
function renderPowerShell(plan, scope) {
  const c = countPlan(plan);
  const changed = plan.hosts.filter(hostChanges);
  const server = scope.dc.dnsHostName || new URL(scope.dc.url).hostname;
  const header2 = [
    "kcdmesh plan as a PowerShell script (ActiveDirectory module). Review it before running it.",
    `What it does: on ${c.hostsChanged} of ${plan.hosts.length} hosts, adds ${c.add} and removes ${c.remove} values of msDS-AllowedToDelegateTo`,
    "(Set-ADObject -Add/-Remove: single values; every other value stays), and changes the delegation flags",
    `of ${c.uac} host${c.uac === 1 ? "" : "s"} (Set-ADAccountControl).`,
    `Mode: ${plan.mode} ("${MODE_LABEL[plan.mode]}"); services: ${plan.services.join(", ")}.`,
    `Hosts: ${plan.hosts.map((h) => h.host).join(", ")}.`,
    planSummary(plan),
    `Planned by kcdmesh ${scope.kcdmeshVersion} at ${scope.time} against ${scope.dc.url}, base ${scope.baseDn}, as ${scope.bindIdentity}.`,
    "Run it as a Domain Admin: it needs write access to the computer objects and SeEnableDelegationPrivilege.",
    "It writes to the DC the plan was read from. Changes reach the hosts after replication and a new",
    "ticket: wait up to 15 minutes, or run `klist purge -li 0x3e7` on each host."
  ];
  const script = [
    "#Requires -Modules ActiveDirectory",
    ...header2.map(comment),
    "",
    "$ErrorActionPreference = 'Stop'",
    `$Server = ${psQuote(server)}`,
    "",
    ...changed.flatMap(hostBlock2)
  ].join("\n");
  return /[^\x00-\x7F]/.test(script) ? `\uFEFF${script}` : script;
}
var init_powershell = __esm({
  "src/render/powershell.ts"() {
    "use strict";
    init_keys();
    init_mode();
    init_plan();
    init_uac();
    init_plan_text();
  }
});

// src/render/hyperv.ts
function comment2(text) {
  return `# ${text.replace(/[\x00-\x1F\x7F\u2028\u2029\u0085]/g, "?")}`.trimEnd();
}
function settingsBlock(m) {
  const nets = m.networks.flatMap((n) => [
    `    if (-not (Get-VMMigrationNetwork | Where-Object { $_.Subnet -eq ${psQuote(n)} })) {`,
    `        Add-VMMigrationNetwork -Subnet ${psQuote(n)}`,
    "    }"
  ]);
  return [
    "$Settings = {",
    "    $ErrorActionPreference = 'Stop'",
    "    Enable-VMMigration",
    `    Set-VMHost -VirtualMachineMigrationAuthenticationType Kerberos -VirtualMachineMigrationPerformanceOption ${m.performance} -MaximumVirtualMachineMigrations ${m.maxMigrations}`,
    ...m.networks.length ? ["    Set-VMHost -UseAnyNetworkForMigration $false", ...nets] : [],
    "    klist purge -li 0x3e7 | Out-Null",
    '    if ($LASTEXITCODE -ne 0) { throw "klist purge -li 0x3e7 failed on $env:COMPUTERNAME (exit code $LASTEXITCODE)" }',
    "}"
  ];
}
function renderHyperV(computers, m, scope) {
  const networks = m.networks.length ? `only ${m.networks.join(", ")} (Set-VMHost -UseAnyNetworkForMigration $false; Add-VMMigrationNetwork)` : "unchanged (the config names none)";
  const header2 = [
    "kcdmesh host settings for live migration (Hyper-V module on each host). Review it before running it.",
    `What it does on each of ${computers.length} host${computers.length === 1 ? "" : "s"}, through Invoke-Command -ComputerName, one host after the other:`,
    "  Enable-VMMigration: allows live migration to and from the host;",
    "  Set-VMHost -VirtualMachineMigrationAuthenticationType Kerberos: moves use the constrained delegation kcdmesh configures;",
    `  performance option: ${m.performance}; simultaneous live migrations: ${m.maxMigrations};`,
    `  migration networks: ${networks};`,
    "  klist purge -li 0x3e7: the host drops its own tickets, so it uses the new delegation without a reboot.",
    "It stops at the first error ($ErrorActionPreference = 'Stop'): the hosts after a failed one are not touched.",
    "Run it as an administrator of the hosts, after kcdmesh apply (the AD side) has replicated.",
    `Planned by kcdmesh ${scope.kcdmeshVersion} at ${scope.time} against ${scope.dc.url}, base ${scope.baseDn}, as ${scope.bindIdentity}.`
  ];
  const script = [
    "#Requires -Version 5.1",
    ...header2.map(comment2),
    "",
    "$ErrorActionPreference = 'Stop'",
    "$Computers = @(",
    ...computers.map((c, i) => `    ${psQuote(c)}${i < computers.length - 1 ? "," : ""}`),
    ")",
    ...settingsBlock(m),
    "foreach ($Computer in $Computers) {",
    '    Write-Host "kcdmesh: live-migration settings on $Computer"',
    "    Invoke-Command -ComputerName $Computer -ScriptBlock $Settings -ErrorAction Stop",
    "}",
    ""
  ].join("\n");
  return /[^\x00-\x7F]/.test(script) ? `\uFEFF${script}` : script;
}
var DEFAULT_MIGRATION;
var init_hyperv = __esm({
  "src/render/hyperv.ts"() {
    "use strict";
    init_powershell();
    DEFAULT_MIGRATION = { networks: [], performance: "Compression", maxMigrations: 2 };
  }
});

// src/render/ldif.ts
function isSafe(value) {
  return value !== "" && /^[\x01-\x09\x0B\x0C\x0E-\x7F]*$/.test(value) && !/^[ :<]/.test(value) && !value.endsWith(" ");
}
function ldifLine(name, value) {
  return isSafe(value) ? `${name}: ${value}` : `${name}:: ${Buffer.from(value, "utf8").toString("base64")}`;
}
function comment3(text) {
  return `# ${text.replace(/[\x00-\x1F\x7F]/g, "?")}`.trimEnd();
}
function modification(op, attribute, values) {
  return values.length ? [`${op}: ${attribute}`, ...values.map((v) => ldifLine(attribute, v)), "-"] : [];
}
function record(h) {
  return [
    comment3(`${h.host}: add ${h.add.length}, remove ${h.remove.length}`),
    ...h.uac ? [comment3(`${h.host}: ${describeUac(h.uac)}`)] : [],
    ldifLine("dn", h.dn),
    "changetype: modify",
    ...modification("delete", ATTRIBUTE, h.remove),
    ...modification("add", ATTRIBUTE, h.add),
    ...h.uac ? [...modification("delete", "userAccountControl", [String(h.uac.from)]), ...modification("add", "userAccountControl", [String(h.uac.to)])] : [],
    ""
  ];
}
function renderLdif(plan, scope) {
  const changed = plan.hosts.filter(hostChanges);
  const header2 = [
    "kcdmesh plan as LDIF: ldapmodify applies it to reach the planned mesh.",
    `Planned by kcdmesh ${scope.kcdmeshVersion} at ${scope.time} against ${scope.dc.url} (${scope.dc.dnsHostName || "unknown DC"}), base ${scope.baseDn}, as ${scope.bindIdentity}.`,
    `Mode: ${plan.mode} ("${MODE_LABEL[plan.mode]}"); services: ${plan.services.join(", ")}.`,
    `Hosts: ${plan.hosts.map((h) => h.host).join(", ")}.`,
    planSummary(plan),
    "Each host is one modify of single values (add/delete, never replace): values kcdmesh does not manage stay.",
    'A modify that fails with "Type or value exists" (20) or "No such attribute" (16) means the host changed',
    "since this plan: run kcdmesh plan again. Apply with, for example:",
    `  LDAPTLS_CACERT=ca.pem ldapmodify -H ${scope.dc.url} -D ${scope.bindIdentity} -W -f plan.ldif`
  ];
  return [...header2.map(comment3), "version: 1", "", ...changed.flatMap(record)].join("\n");
}
var ATTRIBUTE;
var init_ldif = __esm({
  "src/render/ldif.ts"() {
    "use strict";
    init_keys();
    init_mode();
    init_plan_text();
    ATTRIBUTE = "msDS-AllowedToDelegateTo";
  }
});

// src/render/markdown.ts
function mdText(s) {
  return s.replace(/[\r\n]+/g, " ").replace(/[\\`*_[\]<|~&]/g, (c) => `\\${c}`);
}
function mdCode(s) {
  const flat = s.replace(/[\r\n]+/g, " ");
  const longest = Math.max(0, ...(flat.match(/`+/g) ?? []).map((r) => r.length));
  const fence = "`".repeat(longest + 1);
  const pad = flat.startsWith("`") || flat.endsWith("`") || /^ .* $/.test(flat) ? " " : "";
  return `${fence}${pad}${flat}${pad}${fence}`;
}
function fenced(info, lines) {
  const longest = Math.max(2, ...lines.flatMap((l) => l.match(/`+/g) ?? []).map((r) => r.length));
  const fence = "`".repeat(longest + 1);
  return [`${fence}${info}`, ...lines.map((l) => l.replace(/[\r\n]+/g, " ")), fence];
}
function header(p, hosts) {
  return `Mode **${p.mode}** ("${MODE_LABEL[p.mode]}") \xB7 services ${p.services.map(mdCode).join(", ")} \xB7 ${hosts} hosts`;
}
function capped(items2, max, line, more) {
  const shown = items2.slice(0, max).map(line);
  return items2.length > max ? [...shown, more(items2.length - max)] : shown;
}
function findingItem(f) {
  if (f.kind === "missing-delegation") return `- ${MARK[f.severity]} ${mdText(cannotDelegate(f.host, f.peer ?? "?"))}: missing ${(f.missing ?? []).map((v) => mdCode(v.spn)).join(", ")}`;
  return `- ${MARK[f.severity]} ${mdText(findingSentence(f))}`;
}
function cell(c) {
  switch (c.state) {
    case "self":
    case "unplanned":
      return "\u2013";
    case "complete":
      return "\u2705";
    case "none":
      return "\u274C none";
    case "undelegable":
      return "\u26D4 no SPN";
    case "partial":
      return `\u26A0\uFE0F ${c.present}/${c.expected}`;
  }
}
function matrix2(v) {
  const names2 = v.hosts.map((h) => h.name);
  const rows = matrixRows(names2, pairsOf(v.trust), v.services, v.findings);
  return [
    `| delegates to \u2192 | ${names2.map(mdText).join(" | ")} |`,
    `|:--|${names2.map(() => ":-:").join("|")}|`,
    ...rows.map((r) => `| **${mdText(r.host)}** | ${r.cells.map(cell).join(" | ")} |`)
  ];
}
function renderVerifyMarkdown(v) {
  const lines = ["### kcdmesh verify", "", `**${mdText(verifySummary(v))}**`, "", header(v, v.hosts.length), ""];
  if (v.hosts.length <= MATRIX_MAX2) append(lines, [...matrix2(v), ""]);
  const foreign = v.hosts.flatMap((h) => h.foreign.map((f) => `- ${mdText(h.name)}: ${mdCode(f.spn)}`));
  if (foreign.length) append(lines, ["Values kcdmesh does not manage:", "", ...capped(foreign, LIST_MAX, (l) => l, (n) => `- \u2026 and ${n} more`), ""]);
  if (v.findings.length) append(lines, [...capped(v.findings, LIST_MAX, findingItem, (n) => `- \u2026 and ${n} more (run kcdmesh verify for the full list)`), ""]);
  if (v.findings.some((f) => APPLY_FIXES.has(f.kind))) lines.push("Missing values and flags: `kcdmesh plan` with the same hosts shows the change, `kcdmesh apply` makes it.", "");
  return `${lines.join("\n")}`;
}
function planRow(h) {
  return `| ${mdText(h.host)} | ${h.add.length} | ${h.remove.length} | ${h.uac ? mdText(describeUac(h.uac)) : ""} |`;
}
function valueLines(hosts) {
  return hosts.flatMap((h) => [`# ${h.host}  ${h.dn}`, ...h.add.map((v) => `+ ${v}`), ...h.remove.map((v) => `- ${v}`), ...h.uac ? [`! ${describeUac(h.uac)}`] : []]);
}
function renderPlanMarkdown(plan) {
  const lines = ["### kcdmesh plan", "", `**${mdText(planSummary(plan))}**`, "", header(plan, plan.hosts.length), ""];
  if (!isEmptyPlan(plan)) {
    const changed = plan.hosts.filter(hostChanges);
    append(lines, ["| host | add | remove | flags |", "|:--|--:|--:|:--|", ...changed.map(planRow), ""]);
    const values = valueLines(changed);
    const c = countPlan(plan);
    append(lines, [
      `<details><summary>${c.add + c.remove} value${c.add + c.remove === 1 ? "" : "s"}${c.uac ? ` and ${c.uac} flag change${c.uac === 1 ? "" : "s"}` : ""}</summary>`,
      "",
      ...fenced("diff", capped(values, VALUE_LINES_MAX, (l) => l, (n) => `# \u2026 and ${n} more lines (kcdmesh plan shows them all)`)),
      "",
      "</details>",
      ""
    ]);
  }
  if (plan.warnings.length) append(lines, [...orderFindings(plan.warnings).map(findingItem), ""]);
  return `${lines.join("\n")}`;
}
var MATRIX_MAX2, LIST_MAX, VALUE_LINES_MAX, APPLY_FIXES, MARK;
var init_markdown = __esm({
  "src/render/markdown.ts"() {
    "use strict";
    init_keys();
    init_mode();
    init_plan();
    init_matrix();
    init_verdict();
    init_lines();
    init_plan_text();
    init_sentences();
    MATRIX_MAX2 = 12;
    LIST_MAX = 50;
    VALUE_LINES_MAX = 300;
    APPLY_FIXES = /* @__PURE__ */ new Set(["missing-delegation", "delegates-to-none", "missing-for-every-peer", "mode-mismatch", "unconstrained-delegation"]);
    MARK = { critical: "\u{1F6D1} critical", error: "\u274C", warning: "\u26A0\uFE0F" };
  }
});

// src/render/plan.ts
function* planPieces(output, plan, scope, style, hyperv) {
  if (output === "json") yield* jsonChunks("plan", planJson(plan, scope));
  else if (output === "text") yield* planTextPieces(plan, style);
  else yield renderPlan(output, plan, scope, style, hyperv);
}
function renderPlan(output, plan, scope, style, hyperv) {
  switch (output) {
    case "json":
      return renderJson("plan", planJson(plan, scope));
    case "markdown":
      return renderPlanMarkdown(plan);
    case "ldif":
      return renderLdif(plan, scope);
    case "powershell":
      return renderPowerShell(plan, scope);
    case "hyperv":
      return renderHyperV(hyperv?.computers ?? plan.hosts.map((h) => h.host), hyperv?.migration ?? DEFAULT_MIGRATION, scope);
    default:
      return renderPlanText(plan, style);
  }
}
var planJson;
var init_plan2 = __esm({
  "src/render/plan.ts"() {
    "use strict";
    init_plan();
    init_hyperv();
    init_json();
    init_ldif();
    init_markdown();
    init_plan_text();
    init_powershell();
    planJson = (plan, scope) => ({ dc: scope.dc, plan, summary: countPlan(plan) });
  }
});

// src/core/report.ts
function hostStatus(h, counts) {
  const uac = h.userAccountControl;
  const { name, fqdn, dn: dn2, mode, values } = describeHost(h);
  return {
    name,
    fqdn,
    dn: dn2,
    mode,
    values,
    userAccountControl: uac,
    flags: {
      disabled: hasFlag(uac, UAC.ACCOUNTDISABLE),
      unconstrained: hasFlag(uac, UAC.TRUSTED_FOR_DELEGATION),
      protocolTransition: hasFlag(uac, UAC.TRUSTED_TO_AUTH_FOR_DELEGATION),
      sensitive: hasFlag(uac, UAC.NOT_DELEGATED)
    },
    findings: counts.get(h.name) ?? 0
  };
}
function buildReport(verdict, hosts, scope) {
  const counts = /* @__PURE__ */ new Map();
  for (const f of verdict.findings) counts.set(f.host, (counts.get(f.host) ?? 0) + 1);
  return { scope, verdict, hosts: hosts.map((h) => hostStatus(h, counts)) };
}
function scopeOf(conn, baseDn, time, kcdmeshVersion) {
  return { dc: { url: conn.url, dnsHostName: conn.root.dnsHostName }, baseDn, bindIdentity: conn.user, time: time.toISOString(), kcdmeshVersion };
}
var init_report = __esm({
  "src/core/report.ts"() {
    "use strict";
    init_discovery();
    init_uac();
  }
});

// src/read/scoped.ts
function progressFor(ctx, source) {
  const named = source.kind === "hosts" && !source.selection.discover ? source.selection.names.length : null;
  return createProgress(ctx.err, { quiet: ctx.options.quiet, hosts: named });
}
function readingStep(source, base, url) {
  if (source.kind === "config") return `reading the groups of the config from ${url}`;
  const { selection } = source;
  return selection.discover ? `discovering hosts under ${base} on ${url}` : `reading ${selection.names.length} hosts from ${url}`;
}
async function readScoped(ctx, source, progress, also, alongside) {
  progress.step("connecting to the domain controller");
  const state = await ctx.directory.use(async (dir, openOther) => {
    const base = searchBase(ctx, dir);
    progress.step(readingStep(source, base, dir.url));
    const [reading] = await Promise.all([sourceReader(ctx, source)(dir), alongside?.(dir)]);
    const extra = also ? await also(dir, openOther, reading) : [];
    return { ...reading, extra, scope: scopeOf(dir, base, /* @__PURE__ */ new Date(), VERSION) };
  });
  progress.step(`checking ${state.hosts.length} hosts, ${pairCount(state.topology)} directed pairs`);
  return state;
}
var init_scoped = __esm({
  "src/read/scoped.ts"() {
    "use strict";
    init_report();
    init_topology();
    init_progress();
    init_version();
    init_session();
    init_source();
  }
});

// src/commands/plan.ts
async function planCommand(ctx) {
  const source = ctx.options.source;
  const { scope, ...reading } = await readScoped(ctx, source, progressFor(ctx, source));
  const { plan } = planReading(reading);
  assertWritable(plan);
  const byName2 = new Map(reading.hosts.map((h) => [h.name, h]));
  const computers = plan.hosts.map((h) => byName2.get(h.host)?.fqdn ?? h.host);
  const migration2 = ctx.options.baseline?.migration ?? DEFAULT_MIGRATION;
  for (const piece of planPieces(ctx.options.output, plan, scope, ctx.style, { computers, migration: migration2 })) ctx.out.write(piece);
  return isEmptyPlan(plan) ? "clean" : "pending";
}
var init_plan3 = __esm({
  "src/commands/plan.ts"() {
    "use strict";
    init_plan();
    init_state();
    init_hyperv();
    init_plan2();
    init_scoped();
  }
});

// src/core/cross-check.ts
function crossCheck(backup, intent, log) {
  const problems = [];
  const plan = new Map(backup.hosts.map((h) => [dnKey(h), h]));
  const differs = (dn2, add, remove, from, to, where) => {
    const h = plan.get(dnKey(dn2));
    const who = escapeForDisplay(h?.host ?? dn2);
    if (!h) {
      problems.push(`${where} names ${who}, which the backup's plan does not change`);
      return;
    }
    if (!sameValues(h.add, add) || !sameValues(h.remove, remove) || (h.uac?.from ?? null) !== from || (h.uac?.to ?? null) !== to) {
      problems.push(`${where} and the backup disagree about ${who}`);
    }
  };
  if (intent) {
    if (intent.header.backup !== backup.name) problems.push(`the write-ahead record belongs to ${escapeForDisplay(intent.header.backup)}, not ${escapeForDisplay(backup.name)}`);
    if (!sameDn(intent.header.baseDn, backup.baseDn)) problems.push("the write-ahead record and the backup name different domains");
    for (const h of intent.hosts) differs(h.intent.dn, h.intent.add, h.intent.remove, h.intent.uac?.from ?? null, h.intent.uac?.to ?? null, "the write-ahead record");
  }
  const mine = log.filter((r) => r.backup === backup.name);
  for (const r of mine) {
    differs(r.dn, r.added, r.removed, r.uacBefore, r.uacAfter, "the change log");
    const i = intent?.hosts.find((h) => sameDn(h.intent.dn, r.dn));
    if (intent && !i && r.result !== "failed") problems.push(`the change log records a modify of ${escapeForDisplay(r.dn)} with no intent before it`);
    if (i && r.result === "ok" && i.outcome === "not-written") problems.push(`${escapeForDisplay(i.intent.host)}: the change log says written, the write-ahead record says not written`);
  }
  return problems;
}
var sameValues;
var init_cross_check = __esm({
  "src/core/cross-check.ts"() {
    "use strict";
    init_escape();
    init_keys();
    init_keys();
    sameValues = (a, b) => {
      const x = [...new Set(a.map(spnKey))].sort();
      const y = [...new Set(b.map(spnKey))].sort();
      return x.length === y.length && x.every((v, i) => v === y[i]);
    };
  }
});

// src/apply/run-records.ts
import { basename as basename2 } from "node:path";
async function loggedChanges(file, backupName) {
  let text;
  try {
    text = await readTextFile(file, "record");
  } catch (err) {
    if (err instanceof FileReadError && err.code === "not-found") return [];
    throw err;
  }
  const out = [];
  for (const line of text.split("\n")) {
    if (line.trim() === "") continue;
    try {
      const r = JSON.parse(line);
      if (typeof r.backup === "string" && basename2(r.backup) === backupName) out.push({ ...r, backup: backupName });
    } catch {
    }
  }
  return out;
}
async function loadRunRecords(log, file, safety) {
  const backup = await loadBackup(file, await loadBackupKey(safety.keyFile));
  const name = basename2(file);
  const intent = await readIntentLog(file);
  const problems = crossCheck({ name, baseDn: backup.baseDn, hosts: backup.plan.hosts }, intent, await loggedChanges(safety.changeLog, name));
  if (problems.length) {
    throw new UsageError(
      `refusing this rollback: ${name} and the records of its run disagree: ${problems[0]}`,
      `${problems.length > 1 ? `also: ${problems.slice(1).join("; ")}; ` : ""}use the backup, ${basename2(intentPath(file))} and the change log exactly as kcdmesh wrote them; nothing was written`
    );
  }
  if (intent) {
    for (const p of intent.problems) log.warn(`${intentPath(file)}: ${p}`);
    return { backup, considered: new Set(hostsToConsider(intent).map(dnKey)) };
  }
  const written = await loadWritten(file);
  if (!written) log.warn(`no record of which hosts that run wrote (${intentPath(file)} or ${writtenRecordPath(file)}); considering every host in the backup`);
  return { backup, considered: written };
}
var init_run_records = __esm({
  "src/apply/run-records.ts"() {
    "use strict";
    init_cross_check();
    init_intent_record();
    init_keys();
    init_errors();
    init_read_errors();
    init_read_file();
    init_backup();
    init_backup_key();
    init_intent_file();
  }
});

// src/core/rollback.ts
function runEffects(plan) {
  return plan.hosts.filter(hostChanges).map((h) => ({ dn: h.dn, name: h.host, added: h.add, removed: h.remove, uac: h.uac }));
}
function restoredUac(current, change) {
  if (!change) return current;
  let next = current;
  const changed = ((change.from ^ change.to) & ~UAC.TRUSTED_FOR_DELEGATION) >>> 0;
  for (let bit = 1; bit !== 0 && bit <= changed; bit = bit << 1 >>> 0) {
    if (!(changed & bit)) continue;
    const stillOurs = (current & bit) === (change.to & bit);
    if (stillOurs) next = change.from & bit ? next | bit : next & ~bit;
  }
  return next >>> 0;
}
function computeRollbackPlan(effects, current, template2) {
  const byDn = new Map(current.map((h) => [dnKey(h), h]));
  const hosts = [];
  for (const e of effects) {
    const h = byDn.get(dnKey(e));
    if (!h) continue;
    const added = new Set(e.added.map(spnKey));
    const uac = restoredUac(h.userAccountControl, e.uac);
    hosts.push({
      host: h.name,
      dn: h.dn,
      current: [...h.delegateTo],
      add: missingValues(e.removed, h.delegateTo),
      // Restored values are whatever the backup held, not planned peers: they carry no structure.
      planned: [],
      remove: h.delegateTo.filter((v) => added.has(spnKey(v))),
      unmanaged: h.delegateTo.filter((v) => !added.has(spnKey(v))),
      uac: uac === h.userAccountControl ? null : { from: h.userAccountControl, to: uac }
    });
  }
  return { mode: template2.mode, services: [...template2.services], hosts, edges: [], pairCount: 0, warnings: [] };
}
var init_rollback = __esm({
  "src/core/rollback.ts"() {
    "use strict";
    init_plan();
    init_keys();
    init_uac();
  }
});

// src/core/uac-words.ts
function uacBitName(bit) {
  return NAMES.find(([b]) => b === bit)?.[1] ?? `bit ${formatUac(bit)}`;
}
function describeUacChange(from, to) {
  const parts = [];
  for (let i = 0; i < 32; i++) {
    const bit = 1 << i >>> 0;
    if (((from ^ to) & bit) === 0) continue;
    parts.push(`${to & bit ? "set" : "clear"} ${uacBitName(bit)}`);
  }
  return parts.join("; ") || "no change";
}
var NAMES;
var init_uac_words = __esm({
  "src/core/uac-words.ts"() {
    "use strict";
    init_uac();
    NAMES = [
      [1, "SCRIPT"],
      [2, "ACCOUNTDISABLE"],
      [8, "HOMEDIR_REQUIRED"],
      [16, "LOCKOUT"],
      [32, "PASSWD_NOTREQD"],
      [64, "PASSWD_CANT_CHANGE"],
      [128, "ENCRYPTED_TEXT_PWD_ALLOWED"],
      [256, "TEMP_DUPLICATE_ACCOUNT"],
      [512, "NORMAL_ACCOUNT"],
      [2048, "INTERDOMAIN_TRUST_ACCOUNT"],
      [4096, "WORKSTATION_TRUST_ACCOUNT"],
      [8192, "SERVER_TRUST_ACCOUNT"],
      [65536, "DONT_EXPIRE_PASSWORD"],
      [131072, "MNS_LOGON_ACCOUNT"],
      [262144, "SMARTCARD_REQUIRED"],
      [524288, "TRUSTED_FOR_DELEGATION (unconstrained)"],
      [1048576, "NOT_DELEGATED"],
      [2097152, "USE_DES_KEY_ONLY"],
      [4194304, "DONT_REQ_PREAUTH"],
      [8388608, "PASSWORD_EXPIRED"],
      [16777216, "TRUSTED_TO_AUTH_FOR_DELEGATION (protocol transition)"],
      [67108864, "PARTIAL_SECRETS_ACCOUNT"]
    ];
  }
});

// src/core/rollback-guard.ts
function valueProblem(value, services, dcNames) {
  const shown = JSON.stringify(value);
  const p = parseSpn(value);
  if (!p || value !== value.trim()) return `${shown} is not a service/host value`;
  if (p.rest !== null) return `${shown} has a third part; kcdmesh never writes such values`;
  if (!isServiceClass(p.service)) return `${shown} has an invalid service class`;
  if (!isSpnHostPart(p.host)) return `${shown} has an invalid host part`;
  if (!services.has(serviceKey(p.service))) return `${shown} is not a value of the managed services`;
  if (dcNames.has(nameKey(p.host).replace(/\.$/, ""))) return `${shown} delegates to a domain controller`;
  return null;
}
function rollbackPlanProblems(plan, effects, facts, rules) {
  const problems = [];
  const bad = rules.services.filter((s) => !isServiceClass(s));
  if (bad.length) problems.push(`the backup names invalid services ${bad.map((s) => JSON.stringify(s)).join(", ")}`);
  const services = new Set(rules.services.filter(isServiceClass).map(serviceKey));
  const domain = domainOfDn(facts.baseDn);
  const byDn = new Map(effects.map((e) => [dnKey(e), e]));
  for (const h of plan.hosts) {
    const who = escapeForDisplay(h.host);
    const key = dnKey(h);
    const effect = byDn.get(key);
    if (!effect) {
      problems.push(`${who}: not a host that run changed`);
      continue;
    }
    if (domainOfDn(h.dn) !== domain) problems.push(`${who}: in domain ${escapeForDisplay(domainOfDn(h.dn))}, not ${domain}`);
    const uacNow = facts.uacByDn.get(key);
    if (uacNow === void 0) problems.push(`${who}: not found in the directory`);
    else if (isDomainController(uacNow)) problems.push(`${who}: is a domain controller`);
    if (facts.dcNames.has(nameKey(h.host))) problems.push(`${who}: is a domain controller`);
    const added = new Set(effect.added.map(spnKey));
    const removed = new Set(effect.removed.map(spnKey));
    for (const v of h.add) {
      const why = valueProblem(v, services, facts.dcNames);
      if (why) problems.push(`${who}: cannot put back ${escapeForDisplay(why)}`);
      else if (!removed.has(spnKey(v))) problems.push(`${who}: ${escapeForDisplay(JSON.stringify(v))} was not removed by that run`);
    }
    for (const v of h.remove) {
      if (!added.has(spnKey(v))) problems.push(`${who}: ${escapeForDisplay(JSON.stringify(v))} was not added by that run`);
      else if (!services.has(serviceKey(parseSpn(v)?.service ?? ""))) problems.push(`${who}: ${escapeForDisplay(JSON.stringify(v))} is not a value of the managed services`);
    }
    const after = h.current.length + h.add.length - h.remove.length;
    if (after > rules.maxValues) problems.push(`${who}: would hold ${after} delegation values, over the limit of ${rules.maxValues}`);
    if (h.uac) {
      const changed = (h.uac.from ^ h.uac.to) >>> 0;
      if (changed & ~ROLLBACK_UAC_MASK) problems.push(`${who}: would ${describeUacChange(h.uac.from & ~ROLLBACK_UAC_MASK, h.uac.to & ~ROLLBACK_UAC_MASK)}; rollback changes only TRUSTED_TO_AUTH_FOR_DELEGATION`);
      if (uacNow !== void 0 && h.uac.from !== uacNow) problems.push(`${who}: userAccountControl is ${uacNow} now, not ${h.uac.from}`);
    }
  }
  return problems;
}
var ROLLBACK_UAC_MASK;
var init_rollback_guard = __esm({
  "src/core/rollback-guard.ts"() {
    "use strict";
    init_escape();
    init_mesh();
    init_service_name();
    init_keys();
    init_spn();
    init_uac();
    init_uac_words();
    init_keys();
    ROLLBACK_UAC_MASK = UAC.TRUSTED_TO_AUTH_FOR_DELEGATION;
  }
});

// src/read/rollback.ts
async function readRunHosts(log, dir, all, written) {
  const effects = all.filter((e) => !written || written.has(dnKey(e)));
  const found = effects.length ? await dir.findHosts(parseHostNames(effects.map((e) => e.name)), dir.root.defaultNamingContext) : [];
  const hosts = found.filter((h) => effects.some((e) => sameDn(e, h)));
  for (const e of effects) {
    if (!hosts.some((h) => sameDn(h, e))) log.warn(`${e.name} (${e.dn}) is no longer in the directory; nothing to restore there`);
  }
  return { effects, hosts };
}
async function readRollback(log, dir, runPlan, all, written) {
  const { effects, hosts } = await readRunHosts(log, dir, all, written);
  const plan = computeRollbackPlan(effects, hosts, runPlan);
  if (plan.hosts.length) await rollbackGuard(dir, plan, effects, hosts, runPlan);
  return { plan, hosts, mappings: /* @__PURE__ */ new Map() };
}
async function rollbackGuard(dir, plan, effects, hosts, runPlan) {
  const dcs = await dir.readDomainControllers();
  const problems = rollbackPlanProblems(plan, effects, {
    baseDn: dir.root.defaultNamingContext,
    uacByDn: new Map(hosts.map((h) => [dnKey(h), h.userAccountControl])),
    dcNames: new Set(dcs.flatMap((d) => [d.name, d.fqdn ?? ""]).filter((n) => n !== "").map(nameKey))
  }, { services: runPlan.services, maxValues: DEFAULTS.maxValues });
  if (problems.length) {
    throw new UsageError(`refusing this rollback: it would write what apply never writes: ${problems[0]}`, `${problems.length > 1 ? `also: ${problems.slice(1).join("; ")}; ` : ""}use only backups kcdmesh wrote, unmodified; nothing was written`);
  }
}
var init_rollback2 = __esm({
  "src/read/rollback.ts"() {
    "use strict";
    init_options();
    init_keys();
    init_names();
    init_rollback();
    init_rollback_guard();
    init_errors();
    init_keys();
  }
});

// src/commands/rollback.ts
async function rollbackCommand(ctx, file) {
  const { write } = ctx.options;
  const { backup, considered } = await loadRunRecords(ctx.log, file, write.safety);
  assertCanConfirm(ctx, write.yes, "rollback");
  return ctx.directory.use(async (dir, openOther) => {
    if (!sameDn(backup.baseDn, dir.root.defaultNamingContext)) {
      throw new UsageError(`${file} is a backup of ${backup.baseDn}, but ${dir.url} serves ${dir.root.defaultNamingContext}`, "connect to a DC of the domain the backup was taken from");
    }
    return converge(ctx, dir, {
      command: "rollback",
      reopen: reopenSameDc(dir, openOther),
      read: (d) => readRollback(ctx.log, d, backup.plan, runEffects(backup.plan), considered),
      opts: write,
      doneText: (_after, { results }) => `Rolled back ${results.length} host${results.length === 1 ? "" : "s"} to their state before ${backup.createdAt}.
`
    }, openOther);
  });
}
var init_rollback3 = __esm({
  "src/commands/rollback.ts"() {
    "use strict";
    init_converge();
    init_run_records();
    init_keys();
    init_rollback();
    init_errors();
    init_rollback2();
    init_dcs2();
  }
});

// src/render/verify-json.ts
function renderVerifyJson(v) {
  return renderJson("verify", v);
}
function verifyJsonChunks(v) {
  return jsonChunks("verify", v);
}
var init_verify_json = __esm({
  "src/render/verify-json.ts"() {
    "use strict";
    init_json();
  }
});

// src/render/xml.ts
function xmlAttr(s) {
  return s.replace(NOT_XML, "\uFFFD").replace(/[&<>"'\n\r\t]/g, (c) => ENTITIES[c]);
}
function xmlText(s) {
  return s.replace(NOT_XML, "\uFFFD").replace(/[&<>]/g, (c) => ENTITIES[c]);
}
var NOT_XML, ENTITIES;
var init_xml = __esm({
  "src/render/xml.ts"() {
    "use strict";
    NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
    ENTITIES = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;", "\n": "&#10;", "\r": "&#13;", "	": "&#9;" };
  }
});

// src/render/junit.ts
function keyOf(f) {
  if (f.kind === "missing-delegation") return `pair\0${f.host}\0${f.peer ?? ""}`;
  if (f.kind === "target-spn-missing") return `spn\0${f.host}\0${serviceKey(f.service ?? "")}`;
  if (HOST_LEVEL.has(f.kind)) return `peers\0${f.host}`;
  return `${f.kind}\0${f.host}`;
}
function suites(v) {
  const pairFindings = new Set(v.findings.filter((f) => f.kind === "missing-delegation").map(keyOf));
  const delegation = [];
  const delegating = /* @__PURE__ */ new Set();
  for (const e of v.trust.edges) {
    if (!delegating.has(e.from)) {
      delegating.add(e.from);
      delegation.push({ key: `peers\0${e.from}`, classname: `${DELEGATION}.${e.from}`, name: `${e.from} delegates to its peers` });
    }
    const key = keyOf({ kind: "missing-delegation", host: e.from, peer: e.to });
    if (pairFindings.has(key)) delegation.push({ key, classname: `${DELEGATION}.${e.from}`, name: `${e.from} delegates to ${e.to}` });
  }
  const hosts = v.hosts.flatMap(({ name }) => {
    const c = (key, text) => ({ key, classname: `${HOSTS}.${name}`, name: `${name} ${text}` });
    return [
      c(`mode-mismatch\0${name}`, v.modeEnforced ? `is in ${v.mode} mode` : "is in the same mode as the mesh"),
      c(`unconstrained-delegation\0${name}`, "is not trusted for unconstrained delegation"),
      c(`account-disabled\0${name}`, "has an enabled computer account"),
      c(`value-budget\0${name}`, "is within the delegation value limit"),
      ...v.services.map((s) => c(keyOf({ kind: "target-spn-missing", host: name, service: s }), `registers ${s}`))
    ];
  });
  return [{ name: DELEGATION, cases: delegation }, { name: HOSTS, cases: hosts }];
}
function failure(f, v) {
  const text = findingSentence(f);
  return `<failure message="${xmlAttr(text)}" type="${xmlAttr(f.kind)}">${xmlText(`${f.severity}: ${text}
fix: ${fixFor(f, v.mode)}`)}</failure>`;
}
function suiteXml(suite, failed, v) {
  const failures = suite.cases.filter((c) => failed.has(c.key)).length;
  const lines = [`  <testsuite name="${xmlAttr(suite.name)}" tests="${suite.cases.length}" failures="${failures}" errors="0" skipped="0">`];
  for (const c of suite.cases) {
    const open3 = `    <testcase classname="${xmlAttr(c.classname)}" name="${xmlAttr(c.name)}"`;
    const found = failed.get(c.key);
    lines.push(found ? `${open3}>${failure(found, v)}</testcase>` : `${open3}/>`);
  }
  lines.push("  </testsuite>");
  return lines;
}
function renderJunit(v) {
  const all = suites(v);
  const known = new Set(all.flatMap((s) => s.cases.map((c) => c.key)));
  const failed = /* @__PURE__ */ new Map();
  const other = [];
  const names2 = /* @__PURE__ */ new Set();
  for (const f of v.findings) {
    let key = keyOf(f);
    if (!known.has(key) || failed.has(key)) {
      key = `other\0${other.length}`;
      const detail = f.value ?? f.peer ?? f.service;
      const about = `${f.host}: ${f.kind}${detail ? ` ${detail}` : ""}`;
      let name = about;
      for (let n = 2; names2.has(name); n++) name = `${about} (${n})`;
      names2.add(name);
      other.push({ key, classname: `kcdmesh.other.${f.host}`, name });
    }
    failed.set(key, f);
  }
  if (other.length) all.push({ name: "kcdmesh.other", cases: other });
  const tests = all.reduce((n, s) => n + s.cases.length, 0);
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>', `<testsuites name="kcdmesh verify" tests="${tests}" failures="${failed.size}" errors="0">`];
  for (const s of all) append(lines, suiteXml(s, failed, v));
  lines.push("</testsuites>", "");
  return lines.join("\n");
}
var DELEGATION, HOSTS, HOST_LEVEL;
var init_junit = __esm({
  "src/render/junit.ts"() {
    "use strict";
    init_keys();
    init_lines();
    init_sentences();
    init_xml();
    DELEGATION = "kcdmesh.delegation";
    HOSTS = "kcdmesh.hosts";
    HOST_LEVEL = /* @__PURE__ */ new Set(["delegates-to-none", "missing-for-every-peer"]);
  }
});

// src/render/verdict.ts
function* verdictPieces(output, verdict, style) {
  if (output === "json") yield* verifyJsonChunks(verdict);
  else yield renderVerdict(output, verdict, style);
}
function renderVerdict(output, verdict, style) {
  switch (output) {
    case "json":
      return renderVerifyJson(verdict);
    case "junit":
      return renderJunit(verdict);
    case "markdown":
      return renderVerifyMarkdown(verdict);
    default:
      return renderVerifyText(verdict, style);
  }
}
var init_verdict2 = __esm({
  "src/render/verdict.ts"() {
    "use strict";
    init_verify_json();
    init_junit();
    init_markdown();
    init_verify_text();
  }
});

// src/render/html-report.ts
var html_report_exports = {};
__export(html_report_exports, {
  REPORT_MATRIX_MAX: () => REPORT_MATRIX_MAX,
  renderHtmlReport: () => renderHtmlReport,
  reportView: () => reportView
});
import { readFileSync } from "node:fs";
import Handlebars from "handlebars";
function template() {
  compiled ??= Handlebars.create().compile(readFileSync(TEMPLATE, "utf8"), { strict: true });
  return compiled;
}
function cellTitle(c) {
  if (c.state === "self") return `${c.from} itself`;
  if (c.state === "unplanned") return `${c.from} is not meant to delegate to ${c.to}`;
  const parts = c.services.map((s) => {
    if (s.state === "undelegable") return `${s.service}: ${c.to} cannot be delegated to (it does not register the SPN)`;
    if (s.state === "complete") return `${s.service}: both name forms`;
    const values = c.gaps.filter((g) => serviceKey(g.service) === serviceKey(s.service)).map((g) => g.spn);
    return `${s.service}: missing ${s.missing.map((f) => FORM_WORDS[f]).join(" and ")} (${values.join(", ")})`;
  });
  const head = c.state === "complete" ? `${c.from} delegates to ${c.to}` : cannotDelegate(c.from, c.to);
  return `${head}: ${parts.join("; ")}`;
}
function matrix3(report) {
  const { verdict: v } = report;
  const rows = matrixRows(v.hosts.map((h) => h.name), pairsOf(v.trust), v.services, v.findings).map((r) => ({
    name: r.host,
    gaps: r.broken,
    gapTitle: r.broken ? `${r.host} cannot fully delegate to ${peers(r.broken)}` : `${r.host} delegates to every peer`,
    cells: r.cells.map((c) => c.state === "self" ? { self: true, title: cellTitle(c) } : { self: false, to: c.to, state: c.state, marks: c.services.map((s) => MARK2[s.state]).join(""), title: cellTitle(c) })
  }));
  return { rows, columns: v.hosts.map((h) => h.name) };
}
function brokenRows(report) {
  const { verdict: v } = report;
  const state = pairStates(v.findings);
  const broken = /* @__PURE__ */ new Map();
  for (const p of pairsOf(v.trust)) if (state(p) !== "complete") broken.set(p.from, (broken.get(p.from) ?? 0) + 1);
  return v.hosts.filter((h) => broken.has(h.name)).map((h) => ({ name: h.name, text: `${h.name} cannot fully delegate to ${peers(broken.get(h.name))}` }));
}
function hostRow(h, flagged, byName2) {
  const vh = byName2.get(h.name);
  return {
    name: h.name,
    fqdn: h.fqdn ?? "\u2014",
    dn: h.dn,
    mode: MODE_WORDS[h.mode],
    modeAttention: flagged.has(h.name),
    values: h.values,
    flags: flagWords(h.userAccountControl, h.values).filter((f) => !f.label.startsWith("Trust this computer for delegation to specified")),
    os: vh?.release ?? "\u2014",
    foreign: vh?.foreign ?? [],
    findings: h.findings
  };
}
function tone(worst) {
  return worst === null ? "ok" : worst === "warning" ? "warn" : "bad";
}
function reportView(report) {
  const { verdict: v, scope } = report;
  const drawn = v.hosts.length <= REPORT_MATRIX_MAX;
  const flagged = new Set(v.findings.filter((f) => f.kind === "mode-mismatch" || f.kind === "unconstrained-delegation").map((f) => f.host));
  const byName2 = new Map(v.hosts.map((h) => [h.name, h]));
  return {
    title: `kcdmesh report: ${v.hosts.length} hosts, ${v.count === 0 ? "verified" : `${v.count} findings`} (${scope.time})`,
    summary: verifySummary(v),
    tone: tone(v.worst),
    count: v.count,
    mode: v.mode,
    modeLabel: MODE_LABEL[v.mode],
    modeNote: v.modeEnforced ? "" : "no --mode and no mode in a config: the mode most hosts use; only hosts that disagree with the mesh are findings",
    tradeOff: MODE_TRADE_OFF,
    scope: { dcUrl: scope.dc.url, dcHost: scope.dc.dnsHostName, baseDn: scope.baseDn, bindIdentity: scope.bindIdentity, time: scope.time, version: scope.kcdmeshVersion },
    services: v.services.map((name) => ({ name })),
    // the same states the matrix draws: a pair towards a target that cannot be delegated to is not complete
    counts: (({ planned, ...states }) => ({ hosts: v.hosts.length, pairs: planned, ...states, findingsText: countText(v.findings) }))(v.pairCounts),
    matrixDrawn: drawn,
    matrixMax: REPORT_MATRIX_MAX,
    ...drawn ? matrix3(report) : { rows: [], columns: [] },
    brokenRows: drawn ? [] : brokenRows(report),
    findings: v.findings.map((f) => ({ severity: f.severity, kind: f.kind, host: f.host, text: findingSentence(f), fix: fixFor(f, v.mode) })),
    hosts: report.hosts.map((h) => hostRow(h, flagged, byName2))
  };
}
function renderHtmlReport(report) {
  return template()(reportView(report));
}
var TEMPLATE, compiled, MARK2, peers, REPORT_MATRIX_MAX;
var init_html_report = __esm({
  "src/render/html-report.ts"() {
    "use strict";
    init_keys();
    init_matrix();
    init_mode();
    init_aduc();
    init_sentences();
    TEMPLATE = new URL("../../templates/report.html.hbs", import.meta.url);
    compiled = null;
    MARK2 = { complete: "\u25CF", partial: "\u25D0", missing: "\u25CB", undelegable: "\u2298" };
    peers = (n) => `${n} peer${n === 1 ? "" : "s"}`;
    REPORT_MATRIX_MAX = 150;
  }
});

// src/commands/verify.ts
async function writeReport(file, html) {
  const { replaceFile: replaceFile2 } = await Promise.resolve().then(() => (init_write_file(), write_file_exports));
  try {
    await replaceFile2(file, html, "report");
  } catch (err) {
    if (err instanceof KcdmeshError) throw err;
    throw new KcdmeshError(`cannot write the report to ${file} (${fsReason(err)})`, "give --report a file in a directory you can write to");
  }
}
async function verifyCommand(ctx) {
  const { source, report, allDcs, output, enforceMode, operators: operatorNames } = ctx.options;
  const progress = progressFor(ctx, source);
  let dcs = [];
  let operators = [];
  const readDcs = async (dir) => {
    dcs = await dir.readDomainControllers();
  };
  const beyond = async (dir, openOther, reading2) => {
    operators = await dir.readOperators(operatorNames);
    if (!allDcs) return [];
    progress.step("reading the hosts from every writable DC");
    const [{ readAllDcs: readAllDcs2 }, { replicationFindings: replicationFindings2 }] = await Promise.all([Promise.resolve().then(() => (init_replication2(), replication_exports2)), Promise.resolve().then(() => (init_replication(), replication_exports))]);
    const r = await readAllDcs2(ctx.log, dir, reading2.hosts, openOther);
    const unread = r.unreachable.length ? `; not read: ${r.unreachable.map((u) => u.dc).join(", ")}` : "";
    ctx.log.info(`read from ${r.dcs.length - r.unreachable.length} of ${r.dcs.length} writable DC${r.dcs.length === 1 ? "" : "s"}: ${r.dcs.join(", ")}; ${r.divergences.length ? `${r.divergences.length} differences` : "all agree"}${unread}`);
    return replicationFindings2(r);
  };
  const { scope, extra, ...reading } = await readScoped(ctx, source, progress, beyond, readDcs);
  const { plan, hosts } = planReading(reading);
  const verdict = withFindings(verdictFromPlan(plan, hosts, { enforceMode, dcs, operators }), extra);
  if (report) {
    progress.step(`writing the report to ${report}`);
    const { renderHtmlReport: renderHtmlReport2 } = await Promise.resolve().then(() => (init_html_report(), html_report_exports));
    await writeReport(report, renderHtmlReport2(buildReport(verdict, hosts, scope)));
    ctx.log.info(`report: ${report}`);
  }
  for (const piece of verdictPieces(output, verdict, ctx.style)) ctx.out.write(piece);
  return verdict.ok ? "clean" : "pending";
}
var init_verify = __esm({
  "src/commands/verify.ts"() {
    "use strict";
    init_report();
    init_state();
    init_verdict();
    init_errors();
    init_fs_reason();
    init_verdict2();
    init_scoped();
  }
});

// src/shell/commands.ts
var commands_exports = {};
__export(commands_exports, {
  applyCommand: () => applyCommand,
  directorySession: () => directorySession,
  discoverCommand: () => discoverCommand,
  offboardCommand: () => offboardCommand,
  onboardCommand: () => onboardCommand,
  planCommand: () => planCommand,
  rollbackCommand: () => rollbackCommand,
  verifyCommand: () => verifyCommand
});
var init_commands = __esm({
  "src/shell/commands.ts"() {
    "use strict";
    init_apply();
    init_discover();
    init_offboard3();
    init_onboard3();
    init_plan3();
    init_rollback3();
    init_verify();
    init_session();
  }
});

// src/directory/entry.ts
function asStrings(v) {
  if (v === void 0 || v === null) return [];
  if (!Array.isArray(v)) return [Buffer.isBuffer(v) ? v.toString("utf8") : String(v)];
  let i = 0;
  while (i < v.length && typeof v[i] === "string") i++;
  if (i === v.length) return v;
  return v.map((x) => Buffer.isBuffer(x) ? x.toString("utf8") : String(x));
}
function normaliseEntry(entry) {
  const attrs = /* @__PURE__ */ new Map();
  const ranged = [];
  for (const key of Object.keys(entry)) {
    if (key === "dn") continue;
    const m = key.includes(";") ? RANGE.exec(key) : null;
    const name = (m ? m[1] : key).toLowerCase();
    const values = asStrings(entry[key]);
    const before = attrs.get(name);
    if (!before) attrs.set(name, values);
    else for (const v of values) before.push(v);
    if (m) ranged.push({ attr: name, next: m[3] === "*" ? null : Number(m[3]) + 1 });
  }
  return { dn: String(entry.dn), attrs, ranged };
}
async function completeRanges(dn2, attrs, ranged, fetch) {
  for (const part of ranged) {
    let next = part.next;
    for (let guard = 0; next !== null && guard < 1e4; guard++) {
      const entry = await fetch(dn2, `${part.attr};range=${next}-*`);
      const more = entry ? normaliseEntry(entry) : void 0;
      const piece = more?.ranged.find((r) => r.attr === part.attr);
      if (!more || !piece) break;
      attrs.set(part.attr, [...attrs.get(part.attr) ?? [], ...more.attrs.get(part.attr) ?? []]);
      next = piece.next;
    }
  }
}
function sharedStrings() {
  const seen = /* @__PURE__ */ new Map();
  let before = [];
  return (values) => {
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (i < before.length && before[i] === v) {
        values[i] = before[i];
        continue;
      }
      const had = seen.get(v);
      if (had !== void 0) values[i] = had;
      else seen.set(v, v);
    }
    before = values;
    return values;
  };
}
function shareAll(values, same) {
  if (!values) return [];
  return same ? same(values) : values;
}
function toHostRecord(dn2, attrs, same) {
  const one = (name) => attrs.get(name.toLowerCase())?.[0] ?? null;
  const sam = one("sAMAccountName") ?? "";
  return {
    dn: dn2,
    name: sam.replace(/\$$/, ""),
    fqdn: one("dNSHostName"),
    userAccountControl: Number(one("userAccountControl") ?? 0) >>> 0,
    delegateTo: shareAll(attrs.get("msds-allowedtodelegateto"), same),
    servicePrincipalNames: attrs.get("serviceprincipalname") ?? [],
    operatingSystem: one("operatingSystem"),
    operatingSystemVersion: one("operatingSystemVersion")
  };
}
var RANGE, HOST_ATTRIBUTES;
var init_entry = __esm({
  "src/directory/entry.ts"() {
    "use strict";
    RANGE = /^(.+);range=(\d+)-(\d+|\*)$/i;
    HOST_ATTRIBUTES = ["sAMAccountName", "dNSHostName", "userAccountControl", "msDS-AllowedToDelegateTo", "servicePrincipalName", "operatingSystem", "operatingSystemVersion"];
  }
});

// src/directory/errors.ts
import {
  InsufficientAccessError,
  InvalidCredentialsError,
  NoSuchObjectError,
  AdminLimitExceededError,
  ResultCodeError,
  StrongAuthRequiredError,
  ConfidentialityRequiredError,
  TypeOrValueExistsError
} from "ldapts";
function isErrorLike(err) {
  return typeof err === "object" && err !== null && typeof err.message === "string";
}
function diagnostic(err) {
  return err.message.split("\n")[0].replace(/\s*Code: 0x[0-9a-f]+$/i, "").trim();
}
function insufficientAccess(action, text) {
  const privilege = /SePrivEnableDelegation|SeEnableDelegationPrivilege/i.test(text);
  return new DirectoryRefusal(
    `${action}: insufficient access (LDAP 50: ${text})`,
    privilege ? 'the account needs SeEnableDelegationPrivilege ("Enable computer and user accounts to be trusted for delegation"), held by Domain Admins by default' : "the account needs write access to the computer objects and SeEnableDelegationPrivilege; Domain Admins have both",
    50
  );
}
function uacChanged(action, resultCode = 20) {
  return new DirectoryRefusal(`${action}: userAccountControl was changed by someone else since it was read`, "run kcdmesh plan again and review the new plan", resultCode);
}
function mapLdapError(err, ctx) {
  if (err instanceof KcdmeshError) return err;
  if (!isErrorLike(err)) return new KcdmeshError(`${ctx.action} failed: ${String(err)}`, "run again with -v for details");
  const code2 = typeof err.code === "string" ? err.code : "";
  if (err instanceof InvalidCredentialsError) {
    return new DirectoryRefusal(`${ctx.action}: wrong user name or password (LDAP 49: ${diagnostic(err)})`, "check --user / KCDMESH_USER and the password; a UPN (admin@example.com) or DOMAIN\\name works", 49);
  }
  if (err instanceof InsufficientAccessError) return insufficientAccess(ctx.action, diagnostic(err));
  if (err instanceof StrongAuthRequiredError || err instanceof ConfidentialityRequiredError) {
    return new DirectoryRefusal(`${ctx.action}: the DC requires an encrypted connection (LDAP ${err.code}: ${diagnostic(err)})`, "use an ldaps:// URL, or ldap:// with --starttls", err.code);
  }
  if (err instanceof AdminLimitExceededError) {
    return new DirectoryRefusal(`${ctx.action}: the DC refused the size of the change (LDAP 11: ${diagnostic(err)})`, "the per-object value limit is reached: split the hosts into smaller migration groups", 11);
  }
  if (err instanceof NoSuchObjectError) {
    return new DirectoryRefusal(`${ctx.action}: no such object (LDAP 32: ${diagnostic(err)})`, "check --search-base; the object may have been moved or deleted", 32);
  }
  if (err instanceof TypeOrValueExistsError && /userAccountControl/i.test(err.message)) return uacChanged(ctx.action, err.code);
  if (err instanceof ResultCodeError) {
    return new DirectoryRefusal(`${ctx.action} failed (LDAP ${err.code}: ${diagnostic(err)})`, "run again with -v for details", err.code);
  }
  if (code2 === "ERR_TLS_CERT_ALTNAME_INVALID") {
    return new DcNameError(`the TLS certificate of ${ctx.url} is for another name (${err.message})`, "connect by a name the certificate lists (usually the DC's FQDN) in --url", "certificate-name", ctx.url);
  }
  if (TLS_VERIFY_CODES.has(code2)) {
    return new KcdmeshError(`TLS certificate of ${ctx.url} not trusted (${code2}: ${err.message})`, "give the CA that signed the DC certificate with --ca-file (PEM), and connect by a name the certificate lists");
  }
  if (code2 === "ECONNREFUSED") return new NotSentError(`connection to ${ctx.url} refused`, "check the URL and port; is the DC up and listening on LDAPS (636)?");
  if (code2 === "ENOTFOUND" || code2 === "EAI_AGAIN") return new DcNameError(`cannot resolve the host in ${ctx.url}`, "check the DC name in --url / KCDMESH_URL", "unresolved", ctx.url);
  if (code2 === "ECONNRESET" || code2 === "EPIPE" || /connection (closed|reset)|socket (hang up|closed)/i.test(err.message)) {
    return new KcdmeshError(`${ctx.action}: connection to ${ctx.url} lost (${err.message})`, "check the DC and the network, then run again");
  }
  if (/timed? ?out/i.test(err.message) || code2 === "ETIMEDOUT") {
    return new KcdmeshError(`${ctx.action}: ${ctx.url} did not answer in time`, "check the DC and the network, or raise --timeout");
  }
  if (/TLS|SSL|certificate/i.test(err.message)) {
    return new KcdmeshError(`TLS failure talking to ${ctx.url}: ${err.message}`, "check the URL scheme (ldaps:// on 636, ldap:// with --starttls on 389) and --ca-file");
  }
  return new KcdmeshError(`${ctx.action} failed: ${err.message}`, "run again with -v for details");
}
var TLS_VERIFY_CODES;
var init_errors2 = __esm({
  "src/directory/errors.ts"() {
    "use strict";
    init_errors();
    init_dc_name_error();
    TLS_VERIFY_CODES = /* @__PURE__ */ new Set([
      "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
      "UNABLE_TO_GET_ISSUER_CERT",
      "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
      "SELF_SIGNED_CERT_IN_CHAIN",
      "DEPTH_ZERO_SELF_SIGNED_CERT",
      "CERT_HAS_EXPIRED",
      "CERT_NOT_YET_VALID",
      "ERR_TLS_CERT_ALTNAME_INVALID",
      "CERT_UNTRUSTED"
    ]);
  }
});

// src/directory/in-flight.ts
async function inFlight(items2, limit, fn) {
  const results = new Array(items2.length);
  let next = 0;
  let failed = false;
  const lane = async () => {
    while (!failed && next < items2.length) {
      const at = next++;
      try {
        results[at] = await fn(items2[at]);
      } catch (err) {
        failed = true;
        throw err;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items2.length)) }, lane));
  return results;
}
var init_in_flight = __esm({
  "src/directory/in-flight.ts"() {
    "use strict";
  }
});

// src/directory/filter.ts
import { escapeFilter } from "ldapts";
function nameClause(n) {
  return n.kind === "short" ? escapeFilter`(sAMAccountName=${`${n.key}$`})` : escapeFilter`(dNSHostName=${n.key})`;
}
function hostFilters(names2, perFilter = NAMES_PER_FILTER) {
  const filters = [];
  for (let i = 0; i < names2.length; i += perFilter) {
    const clauses = names2.slice(i, i + perFilter).map(nameClause).join("");
    filters.push(`(&(objectClass=computer)(|${clauses}))`);
  }
  return filters;
}
function discoveryFilter() {
  return `(&(objectClass=computer)(servicePrincipalName=${escapeFilter`${MIGRATION_SERVICE}`}/*))`;
}
function criteriaFilter(c) {
  const parts = ["(objectClass=computer)"];
  if (c.requireMigrationSpn) parts.push(`(servicePrincipalName=${escapeFilter`${MIGRATION_SERVICE}`}/*)`);
  if (c.memberOf) parts.push(escapeFilter`(memberOf=${c.memberOf})`);
  if (c.filter) parts.push(c.filter);
  return `(&${parts.join("")})`;
}
function delegatingToFilters(values, perFilter = NAMES_PER_FILTER) {
  const filters = [];
  for (let i = 0; i < values.length; i += perFilter) {
    const clauses = values.slice(i, i + perFilter).map((v) => escapeFilter`(msDS-AllowedToDelegateTo=${v})`).join("");
    filters.push(`(&(objectClass=computer)(|${clauses}))`);
  }
  return filters;
}
function spnHolderFilters(names2, classes, perFilter = NAMES_PER_FILTER) {
  const filters = [];
  for (let i = 0; i < names2.length; i += perFilter) {
    const clauses = names2.slice(i, i + perFilter).map((n) => nameClause(n) + classes.map((c) => escapeFilter`(servicePrincipalName=${`${c}/${n.input.trim()}`})`).join("")).join("");
    filters.push(`(|${clauses})`);
  }
  return filters;
}
function writableDcFilter() {
  return "(&(objectClass=computer)(userAccountControl:1.2.840.113556.1.4.803:=8192))";
}
function domainControllerFilter() {
  return "(&(objectClass=computer)(|(userAccountControl:1.2.840.113556.1.4.803:=8192)(userAccountControl:1.2.840.113556.1.4.803:=67108864)))";
}
function accountFilter(input) {
  const name = input.trim();
  if (name.includes("@")) return escapeFilter`(&(objectClass=user)(userPrincipalName=${name}))`;
  return escapeFilter`(&(objectClass=user)(sAMAccountName=${name.replace(/^.*\\/, "")}))`;
}
function sidString(sid) {
  const authority = sid.readUIntBE(2, 6);
  const subs = Array.from({ length: sid[1] }, (_, i) => sid.readUInt32LE(8 + 4 * i));
  return `S-${sid[0]}-${authority}${subs.map((s) => `-${s}`).join("")}`;
}
function sidFilter(sid) {
  return escapeFilter`(objectSid=${sidString(sid)})`;
}
var NAMES_PER_FILTER;
var init_filter = __esm({
  "src/directory/filter.ts"() {
    "use strict";
    init_spn();
    NAMES_PER_FILTER = 64;
  }
});

// src/directory/kerberos/errors.ts
import { InvalidCredentialsError as InvalidCredentialsError2, StrongAuthRequiredError as StrongAuthRequiredError2 } from "ldapts";
function reason(message) {
  const line = message.split("\n")[0];
  const minor = /Minor code may provide more information:\s*(.*)$/.exec(line)?.[1] ?? line.replace(/^.*?:\s*(?=No Kerberos credentials)/, "");
  return minor.trim() || line.trim();
}
function mapKerberosError(err, ctx) {
  if (err instanceof KcdmeshError) return err;
  if (err instanceof InvalidCredentialsError2 && ctx.tls && /80090346|channel.?binding/i.test(err.message)) {
    return new KcdmeshError(`Kerberos bind to ${ctx.url} refused: the DC requires channel binding on TLS, which the Kerberos module cannot send (LDAP 49, 80090346)`, "use ldap:// without --starttls: the session is then sealed by Kerberos, which needs no channel binding");
  }
  if (err instanceof StrongAuthRequiredError2 && ctx.tls) {
    return new KcdmeshError(`Kerberos bind to ${ctx.url} refused inside TLS (LDAP 8: ${err.message.split("\n")[0].replace(/\s*Code: 0x[0-9a-f]+$/i, "")})`, "use ldap:// without --starttls: the session is then sealed by Kerberos, as ADUC does");
  }
  if (!(err instanceof Error) || typeof err.code === "number") return null;
  const text = err.message;
  const why = reason(text);
  if (/No Kerberos credentials available|No credentials cache found|credentials cache .* not found|No credentials were supplied/i.test(text)) {
    return new KcdmeshError(`no Kerberos ticket (${why})`, "get one with kinit user@REALM (or set KRB5CCNAME to your credential cache, or KRB5_CLIENT_KTNAME to a keytab)");
  }
  if (/Ticket expired|credentials? (have|has) expired/i.test(text)) {
    return new KcdmeshError(`the Kerberos ticket has expired (${why})`, "get a new one with kinit (or kinit -R to renew it)");
  }
  if (/Server not found in Kerberos database|Server principal unknown|target principal name is incorrect|SEC_E_TARGET_UNKNOWN/i.test(text)) {
    return new KcdmeshError(`the KDC knows no service principal ${ctx.spn} (${why})`, "connect by the DC's FQDN in --url (ldap://dc1.example.com): that name carries the ldap/ SPN");
  }
  if (/Cannot find KDC for realm|unknown realm|Realm not local|Cannot resolve network address for KDC|No KDC for realm|Configuration file does not specify default realm/i.test(text)) {
    return new KcdmeshError(`the Kerberos configuration knows no KDC for the realm (${why})`, "add the realm and its KDC to krb5.conf (or point KRB5_CONFIG at one), or enable dns_lookup_kdc");
  }
  if (/Cannot contact any KDC|KDC unreachable|Connection refused.*KDC|No logon servers|SEC_E_NO_AUTHENTICATING_AUTHORITY/i.test(text)) {
    return new KcdmeshError(`the KDC cannot be reached (${why})`, "check that the DC's Kerberos port (88) is reachable and the kdc entries in krb5.conf / KRB5_CONFIG");
  }
  if (/Clock skew/i.test(text)) {
    return new KcdmeshError(`Kerberos refused: the clocks differ too much (${why})`, "synchronise this machine's clock with the domain (NTP)");
  }
  if (/Key table|keytab/i.test(text)) {
    return new KcdmeshError(`the keytab cannot be used (${why})`, "check KRB5_CLIENT_KTNAME: a readable keytab holding the user's keys");
  }
  if (/GSS|Kerberos|krb5/i.test(text)) {
    return new KcdmeshError(`Kerberos bind to ${ctx.url} failed (${why})`, "check the ticket with klist, and run again with -v");
  }
  return null;
}
var init_errors3 = __esm({
  "src/directory/kerberos/errors.ts"() {
    "use strict";
    init_errors();
  }
});

// src/directory/kerberos/module.ts
async function loadKerberos(load = () => import("kerberos")) {
  let mod;
  try {
    mod = await load();
  } catch (err) {
    const reason2 = err instanceof Error ? err.message.split("\n")[0] : String(err);
    throw new KcdmeshError(`--auth kerberos needs the optional module "kerberos", which is not available (${reason2})`, INSTALL_HINT);
  }
  const m = mod.default ?? mod;
  if (typeof m.initializeClient !== "function") {
    throw new KcdmeshError('--auth kerberos needs the optional module "kerberos", but what was loaded has no initializeClient', INSTALL_HINT);
  }
  return m;
}
var INSTALL_HINT;
var init_module = __esm({
  "src/directory/kerberos/module.ts"() {
    "use strict";
    init_errors();
    INSTALL_HINT = "build it: apt-get install libkrb5-dev build-essential python3 (Debian/Ubuntu), then run npm ci in kcdmesh's folder, which builds the module from its patched source";
  }
});

// src/directory/kerberos/sasl-gssapi.ts
import { SaslBindInProgressError } from "ldapts";
function serviceName(host, platform = process.platform) {
  return platform === "win32" ? `ldap/${host}` : `ldap@${host}`;
}
function layerReply(offer, seal) {
  if (offer.length < 4) throw new KcdmeshError(`the DC sent a malformed SASL layer offer (${offer.length} bytes)`, "run again with -v; is this an Active Directory DC?");
  const layer = seal ? LAYER_CONFIDENTIALITY : LAYER_NONE;
  if (!(offer[0] & layer)) {
    throw seal ? new KcdmeshError("the DC offers no Kerberos confidentiality layer (sealing) on plain LDAP", "use ldaps:// or ldap:// with --starttls") : new KcdmeshError("the DC refuses a Kerberos bind without a security layer inside TLS", "use ldap:// without --starttls: the session is then sealed by Kerberos");
  }
  const reply = Buffer.alloc(4);
  reply[0] = layer;
  reply.writeUIntBE(seal ? Math.min(CLIENT_MAX_BUFFER, offer.readUIntBE(1, 3) || CLIENT_MAX_BUFFER) : 0, 1, 3);
  return reply;
}
async function saslStep(client, token) {
  try {
    await client.bindSASL("GSSAPI", token);
    return null;
  } catch (err) {
    if (err instanceof SaslBindInProgressError) return err.response.saslCredentials ?? Buffer.alloc(0);
    throw err;
  }
}
function sealingLayer(k) {
  let queue = Promise.resolve();
  const serial = (fn) => {
    const next = queue.then(fn, fn);
    queue = next.catch(() => void 0);
    return next;
  };
  return {
    wrap: (data) => serial(async () => bytes(await k.wrap(b64(data), { protect: true }))),
    unwrap: (data) => serial(async () => bytes(await k.unwrap(b64(data))))
  };
}
async function bindGssapi(client, krb, host, seal) {
  const flags = krb.GSS_C_MUTUAL_FLAG | krb.GSS_C_SEQUENCE_FLAG | (seal ? krb.GSS_C_CONF_FLAG | krb.GSS_C_INTEG_FLAG : 0);
  const k = await krb.initializeClient(serviceName(host), { mechOID: krb.GSS_MECH_OID_KRB5, flags });
  let server = await saslStep(client, bytes(await k.step("")));
  for (let i = 0; !k.contextComplete; i++) {
    if (!server) throw new KcdmeshError("the DC ended the Kerberos bind before the security layer was agreed", "run again with -v for details");
    if (i >= 5) throw new KcdmeshError("the Kerberos bind did not complete after 5 exchanges", "run again with -v for details");
    server = await saslStep(client, bytes(await k.step(b64(server))));
  }
  if (!server) throw new KcdmeshError("the DC ended the Kerberos bind before the security layer was agreed", "run again with -v for details");
  const offer = bytes(await k.unwrap(b64(server)));
  const reply = bytes(await k.wrap(b64(layerReply(offer, seal))));
  const last = await saslStep(client, reply);
  if (last) throw new KcdmeshError("the DC asked for more after the Kerberos layer reply", "run again with -v for details");
  if (seal) client.setSaslSecurityLayer(sealingLayer(k));
  return { principal: k.username, sealed: seal };
}
var LAYER_NONE, LAYER_CONFIDENTIALITY, CLIENT_MAX_BUFFER, b64, bytes;
var init_sasl_gssapi = __esm({
  "src/directory/kerberos/sasl-gssapi.ts"() {
    "use strict";
    init_errors();
    LAYER_NONE = 1;
    LAYER_CONFIDENTIALITY = 4;
    CLIENT_MAX_BUFFER = 16777215;
    b64 = (b) => b.toString("base64");
    bytes = (s) => Buffer.from(s ?? "", "base64");
  }
});

// src/directory/kerberos/bind.ts
var bind_exports = {};
__export(bind_exports, {
  kerberosBind: () => kerberosBind
});
import { isIP } from "node:net";
async function serviceHost(client, url, log) {
  const host = new URL(url).hostname.replace(/^\[|\]$/g, "");
  if (!isIP(host)) return host;
  const { searchEntries } = await client.search("", { scope: "base", filter: "(objectClass=*)", attributes: ["dnsHostName"] });
  const name = String([searchEntries[0]?.dnsHostName ?? ""].flat()[0] ?? "");
  if (!name) throw new KcdmeshError(`${url} holds an address and the DC does not tell its dnsHostName, so its Kerberos service name is unknown`, "connect by the DC's FQDN in --url (ldap://dc1.example.com)");
  log.debug(`${url} holds an address: service name ldap/${name}, from the DC's dnsHostName (rootDSE, read before the bind)`);
  return name;
}
async function whoAmI(client) {
  const r = await client.exop(WHOAMI).catch(() => null);
  const v = r?.value === void 0 ? "" : String(r.value);
  return v.replace(/^u:/, "") || "Kerberos principal (not reported)";
}
async function kerberosBind(client, conn, log, load = () => loadKerberos()) {
  const krb = await load();
  const host = await serviceHost(client, conn.url, log);
  const seal = conn.url.startsWith("ldap:") && !conn.starttls;
  try {
    const r = await bindGssapi(client, krb, host, seal);
    const principal = r.principal || await whoAmI(client);
    log.debug(`bound to ${conn.url} as ${principal} with Kerberos (${seal ? "sealed: GSSAPI confidentiality layer" : "inside TLS, no SASL layer"})`);
    return principal;
  } catch (err) {
    throw mapKerberosError(err, { url: conn.url, spn: `ldap/${host}`, tls: !seal }) ?? err;
  }
}
var WHOAMI;
var init_bind = __esm({
  "src/directory/kerberos/bind.ts"() {
    "use strict";
    init_errors();
    init_errors3();
    init_module();
    init_sasl_gssapi();
    WHOAMI = "1.3.6.1.4.1.4203.1.11.3";
  }
});

// src/directory/ldap-directory.ts
var ldap_directory_exports = {};
__export(ldap_directory_exports, {
  openLdapDirectory: () => openLdapDirectory
});
import { Attribute, Change, Client, Control, ResultCodeError as ResultCodeError2 } from "ldapts";
function cnOf(dn2) {
  const m = /^[^=]+=((?:\\.|[^,])*)/.exec(dn2);
  return m ? m[1].replace(/\\(.)/g, "$1") : dn2;
}
async function openLdapDirectory(conn, log) {
  const tlsOptions = { ca: conn.caPem ? [conn.caPem] : void 0, rejectUnauthorized: !conn.tlsInsecure };
  const secure = conn.url.startsWith("ldaps:");
  const client = new Client({ url: conn.url, timeout: conn.timeoutMs, connectTimeout: conn.timeoutMs, tlsOptions: secure ? tlsOptions : void 0 });
  let action = `connect to ${conn.url}`;
  try {
    if (conn.starttls) {
      action = `StartTLS with ${conn.url}`;
      await client.startTLS(tlsOptions);
    }
    let user = conn.user;
    if (conn.auth === "kerberos") {
      action = `Kerberos bind to ${conn.url}`;
      const { kerberosBind: kerberosBind2 } = await Promise.resolve().then(() => (init_bind(), bind_exports));
      user = await kerberosBind2(client, conn, log);
    } else {
      action = `bind as ${conn.user}`;
      log.debug(`${action} to ${conn.url}`);
      await client.bind(conn.user, conn.password.reveal());
    }
    action = `read the rootDSE of ${conn.url}`;
    const { searchEntries } = await client.search("", {
      scope: "base",
      filter: "(objectClass=*)",
      attributes: ["defaultNamingContext", "configurationNamingContext", "dnsHostName"]
    });
    const attrs = normaliseEntry(searchEntries[0] ?? { dn: "" }).attrs;
    const root = {
      defaultNamingContext: attrs.get("defaultnamingcontext")?.[0] ?? "",
      configurationNamingContext: attrs.get("configurationnamingcontext")?.[0] ?? "",
      dnsHostName: attrs.get("dnshostname")?.[0] ?? ""
    };
    if (!root.defaultNamingContext) throw new Error("the rootDSE has no defaultNamingContext: is this an Active Directory DC?");
    return new LdapDirectory(client, conn.url, user, root, log);
  } catch (err) {
    await client.unbind().catch(() => void 0);
    throw mapLdapError(err, { url: conn.url, action });
  }
}
var PERMISSIVE_MODIFY, PAGE_SIZE, SEARCHES_IN_FLIGHT, DELEGATE_TO, LdapDirectory;
var init_ldap_directory = __esm({
  "src/directory/ldap-directory.ts"() {
    "use strict";
    init_errors();
    init_dcs();
    init_keys();
    init_spn();
    init_entry();
    init_errors2();
    init_in_flight();
    init_filter();
    init_operators();
    PERMISSIVE_MODIFY = "1.2.840.113556.1.4.1413";
    PAGE_SIZE = 500;
    SEARCHES_IN_FLIGHT = 4;
    DELEGATE_TO = "msDS-AllowedToDelegateTo";
    LdapDirectory = class {
      constructor(client, url, user, root, log) {
        this.client = client;
        this.url = url;
        this.user = user;
        this.root = root;
        this.log = log;
      }
      client;
      url;
      user;
      root;
      log;
      stats = { searches: 0, modifies: 0 };
      /** Set by the first transport failure: ldapts would reconnect unauthenticated, so nothing more is sent. */
      lost = null;
      async findHosts(names2, base) {
        return this.searchEach(base, hostFilters(names2));
      }
      discoverHosts(base) {
        return this.searchHosts(base, discoveryFilter());
      }
      discoverByRules(base, rules) {
        return this.searchHosts(base, criteriaFilter(rules));
      }
      findDelegatingTo(values, base) {
        return this.searchEach(base, delegatingToFilters(values));
      }
      findNameHolders(names2, classes, base) {
        return this.searchEach(base, spnHolderFilters(names2, classes));
      }
      readWritableDcs() {
        return this.searchHosts(this.root.defaultNamingContext, writableDcFilter());
      }
      readDomainControllers() {
        return this.searchHosts(this.root.defaultNamingContext, domainControllerFilter());
      }
      async readPdcHostName() {
        const head = this.root.defaultNamingContext;
        const domain = await this.searchBase(head, ["fSMORoleOwner"], `read fSMORoleOwner of ${head}`);
        const owner = domain ? normaliseEntry(domain).attrs.get("fsmoroleowner")?.[0] : void 0;
        const server = owner ? serverOfNtdsSettings(owner) : null;
        if (!server) return null;
        const entry = await this.searchBase(server, ["dNSHostName"], `read dNSHostName of ${server}`);
        return (entry ? normaliseEntry(entry).attrs.get("dnshostname")?.[0] : void 0) ?? null;
      }
      /** One paged search per filter, one after the other: a DC serves them in turn anyway. */
      /**
       * One search per filter, a few in flight at once, the hosts in filter order: the DC answers one filter
       * while it evaluates the next, so its work and the decoding here overlap instead of taking turns.
       */
      async searchEach(base, filters) {
        const parts = await inFlight(filters, SEARCHES_IN_FLIGHT, (filter) => this.searchHosts(base, filter));
        const hosts = [];
        for (const part of parts) for (const h of part) hosts.push(h);
        return hosts;
      }
      async readSpnMappings() {
        const dn2 = `CN=Directory Service,CN=Windows NT,CN=Services,${this.root.configurationNamingContext}`;
        const entry = await this.searchBase(dn2, ["sPNMappings"], `read sPNMappings from ${dn2}`);
        return parseSpnMappings(entry ? normaliseEntry(entry).attrs.get("spnmappings") ?? [] : []);
      }
      /** Protected Users is the domain's SID plus RID 525: found by SID, so a localised name does not matter. */
      async protectedUsersDn() {
        const base = this.root.defaultNamingContext;
        const { searchEntries } = await this.send(`read the domain SID of ${base}`, () => {
          this.stats.searches++;
          return this.client.search(base, { scope: "base", filter: "(objectClass=*)", attributes: ["objectSid"], explicitBufferAttributes: ["objectSid"] });
        });
        const sid = searchEntries[0]?.objectSid;
        if (!Buffer.isBuffer(sid)) return null;
        const rid = Buffer.alloc(4);
        rid.writeUInt32LE(525);
        const group2 = Buffer.concat([sid, rid]);
        group2[1] = sid[1] + 1;
        const { searchEntries: found } = await this.send("find Protected Users", () => {
          this.stats.searches++;
          return this.client.search(base, { scope: "sub", filter: sidFilter(group2), attributes: ["distinguishedName"] });
        });
        return found[0]?.dn ?? null;
      }
      async readOperators(names2) {
        if (names2.length === 0) return [];
        const base = this.root.defaultNamingContext;
        const protectedUsers = await this.protectedUsersDn();
        const memberOf = /* @__PURE__ */ new Map();
        const out = [];
        for (const input of names2) {
          const { searchEntries } = await this.send(`find operator ${input}`, () => {
            this.stats.searches++;
            return this.client.search(base, { scope: "sub", filter: accountFilter(input), attributes: ["sAMAccountName", "userAccountControl", "memberOf"] });
          });
          const entry = searchEntries[0] ? normaliseEntry(searchEntries[0]) : null;
          if (!entry) {
            out.push({ input, name: null, dn: null, userAccountControl: 0, protectedVia: null });
            continue;
          }
          memberOf.set(dnKey(entry.dn), entry.attrs.get("memberof") ?? []);
          const groupsOf = async (dn2) => {
            const queue = [dn2];
            const seen = /* @__PURE__ */ new Set();
            while (queue.length) {
              const d = queue.shift();
              if (seen.has(dnKey(d))) continue;
              seen.add(dnKey(d));
              if (!memberOf.has(dnKey(d))) {
                const g = await this.searchBase(d, ["memberOf"], `read the groups of ${d}`);
                memberOf.set(dnKey(d), g ? normaliseEntry(g).attrs.get("memberof") ?? [] : []);
              }
              for (const g of memberOf.get(dnKey(d))) queue.push(g);
            }
          };
          if (protectedUsers) await groupsOf(entry.dn);
          const chain = protectedUsers ? chainTo(entry.dn, protectedUsers, (d) => memberOf.get(dnKey(d)) ?? []) : null;
          out.push({
            input,
            name: entry.attrs.get("samaccountname")?.[0] ?? input,
            dn: entry.dn,
            userAccountControl: Number(entry.attrs.get("useraccountcontrol")?.[0] ?? 0) >>> 0,
            protectedVia: chain ? chain.map(cnOf) : null
          });
        }
        return out;
      }
      async modifyHost(change) {
        const changes = [];
        if (change.add.length) changes.push(new Change({ operation: "add", modification: new Attribute({ type: DELEGATE_TO, values: [...change.add] }) }));
        if (change.remove.length) changes.push(new Change({ operation: "delete", modification: new Attribute({ type: DELEGATE_TO, values: [...change.remove] }) }));
        if (change.uac) {
          changes.push(new Change({ operation: "delete", modification: new Attribute({ type: "userAccountControl", values: [String(change.uac.from)] }) }));
          changes.push(new Change({ operation: "add", modification: new Attribute({ type: "userAccountControl", values: [String(change.uac.to)] }) }));
        }
        if (changes.length === 0) return;
        this.log.debug(`modify ${change.dn}: +${change.add.length} -${change.remove.length}${change.uac ? " uac" : ""}`);
        await this.send(`modify ${change.dn}`, () => {
          this.stats.modifies++;
          return this.client.modify(change.dn, changes, new Control(PERMISSIVE_MODIFY, { critical: false }));
        });
      }
      /** Send one request; after a lost connection, refuse instead of letting ldapts reconnect unbound. */
      async send(action, request) {
        if (this.lost) throw new NotSentError(`${action}: not sent, the connection to ${this.url} was lost earlier (${this.lost})`, "check the DC and the network, then run again");
        try {
          return await request();
        } catch (err) {
          const mapped = mapLdapError(err, { url: this.url, action });
          if (!(err instanceof ResultCodeError2)) this.lost ??= mapped.message;
          throw mapped;
        }
      }
      async close() {
        await this.client.unbind().catch(() => void 0);
      }
      async searchHosts(base, filter) {
        this.log.debug(`search ${base} ${filter}`);
        const hosts = [];
        const partial = [];
        const same = sharedStrings();
        const onEntry = (e) => {
          const entry = normaliseEntry(e);
          if (entry.ranged.length) partial.push({ at: hosts.length, ...entry });
          hosts.push(entry.ranged.length ? null : toHostRecord(entry.dn, entry.attrs, same));
        };
        await this.send(`search ${base}`, async () => {
          this.stats.searches++;
          await this.client.search(base, { scope: "sub", filter, attributes: HOST_ATTRIBUTES, paged: { pageSize: PAGE_SIZE }, onEntry });
        });
        for (const { at, dn: dn2, attrs, ranged } of partial) {
          await completeRanges(dn2, attrs, ranged, (d, spec) => this.searchBase(d, [spec], `read ${spec} of ${d}`));
          hosts[at] = toHostRecord(dn2, attrs, same);
        }
        return hosts.filter((h) => h !== null);
      }
      async searchBase(dn2, attributes, action) {
        const { searchEntries } = await this.send(action, () => {
          this.stats.searches++;
          return this.client.search(dn2, { scope: "base", filter: "(objectClass=*)", attributes });
        });
        return searchEntries[0];
      }
    };
  }
});

// src/program.ts
init_escape();
init_options();
import { Command, CommanderError, Option } from "commander";

// src/config/resolve.ts
init_keys();
init_errors();
init_dc_source();
import { join } from "node:path";

// src/config/given.ts
init_keys();
init_names();
init_onboard();
init_errors();
init_dc_source();
function checkPaths(paths) {
  for (const [flag, value] of paths) {
    if (value !== void 0 && value.trim() === "") throw new UsageError(`${flag} is empty`, `give ${flag} a path, or leave the flag out`);
  }
}
function checkOnce(list2, what, flag) {
  const repeat = firstRepeat(list2, nameKey);
  if (repeat) throw new UsageError(`${what} ${JSON.stringify(repeat.item)} is listed twice in ${flag} (also as ${JSON.stringify(repeat.first)})`, `list each ${what} once`);
}
function checkGiven(g) {
  checkPaths(g.paths);
  for (const [flag, value] of g.values) {
    if (value !== void 0 && value.trim() === "") throw new UsageError(`${flag} is empty`, `give ${flag} a value, or leave the flag out`);
  }
  if (g.searchBase !== void 0 && !/^\s*[A-Za-z]+=.+/.test(g.searchBase)) {
    throw new UsageError(`--search-base ${JSON.stringify(g.searchBase)} is not a DN`, "give a DN such as OU=Hyper-V,DC=example,DC=com, or leave the flag out");
  }
  if (g.command === "rollback" && g.positional[0]?.trim() === "") throw new UsageError("the backup file is empty", "give the path of the backup file apply wrote");
  if (g.domain !== void 0) checkDomainName(g.domain, "--domain");
  if (g.command === "plan" || g.command === "apply" || g.command === "verify") parseHostNames([...g.positional, ...g.hosts]);
  const [arg] = g.positional;
  if (g.command === "offboard" && arg !== void 0) parseHostName(arg);
  if (g.command === "onboard") {
    const host = arg === void 0 ? null : parseHostName(arg);
    const peers2 = parseHostNames(g.peers);
    const self = host && peers2.find((p) => p.kind === host.kind && p.key === host.key);
    if (host && self) throw ownPeerError(host.input, self.input);
    checkOnce(g.groups, "group", "--group");
  }
  checkOnce(g.operators, "operator", "--operator");
}

// src/config/resolve.ts
init_options();
var POLICY_FLAGS = [
  ["services", "--services"],
  ["mode", "--mode"],
  ["maxValues", "--max-values"]
];
var MESH_COMMANDS = /* @__PURE__ */ new Set(["plan", "apply", "verify"]);
function connectionOf(flags, from, env, b) {
  const c = b?.connection ?? {};
  const cli = (key) => from(key) === "cli";
  const url = flags.domain ? flags.url : flags.url ?? env.KCDMESH_URL ?? c.url;
  const domain = flags.domain ?? (url ? void 0 : env.KCDMESH_DOMAIN);
  if (domain !== void 0 && flags.domain === void 0 && domain !== "") checkDomainName(domain, "KCDMESH_DOMAIN");
  return {
    connection: {
      url,
      domain,
      auth: flags.auth ?? env.KCDMESH_AUTH,
      user: flags.user ?? env.KCDMESH_USER ?? c.user,
      passwordFile: flags.passwordFile,
      // An empty variable is an unset one (as KCDMESH_BACKUP_KEY_FILE): it never means "no CA" over the config's.
      caFile: flags.caFile ?? (env.KCDMESH_CA_FILE || void 0) ?? c.caFile,
      starttls: flags.starttls ?? c.starttls,
      insecurePlaintext: flags.insecurePlaintext,
      insecureSkipVerify: flags.insecureSkipVerify,
      timeout: cli("timeout") || c.timeout === void 0 ? flags.timeout ?? DEFAULTS.timeoutSeconds : c.timeout
    },
    searchBase: flags.searchBase ?? c.searchBase ?? null
  };
}
async function baselineOf(positional, flags, from) {
  if (flags.config === void 0) {
    if (flags.prune) throw new UsageError("--prune works with --config", "pruning needs the groups of a config file to know what is wanted");
    return null;
  }
  if (positional.length || flags.hosts?.length || flags.discover) throw new UsageError("both --config and host names (or --discover) given", "list the hosts in the config's groups, or drop --config");
  const given = POLICY_FLAGS.filter(([key]) => from(key) === "cli").map(([, flag]) => flag);
  if (given.length) throw new UsageError(`${given.join(", ")} cannot be combined with --config`, "set services, mode and maxValues in the config file");
  const { loadBaseline: loadBaseline2 } = await Promise.resolve().then(() => (init_baseline(), baseline_exports));
  return loadBaseline2(flags.config);
}
function outputOf(command, flags) {
  return checkOutput(command, flags.output ?? "text");
}
async function resolveOptions(command, args, flags, from, env) {
  const output = outputOf(command, flags);
  checkGiven({
    command,
    positional: args,
    hosts: flags.hosts ?? [],
    peers: flags.peers ?? [],
    groups: flags.group ?? [],
    operators: flags.operator ?? [],
    domain: flags.domain,
    values: [["--url", flags.url], ["--user", flags.user], ["--auth", flags.auth]],
    searchBase: flags.searchBase,
    paths: [["--config", flags.config], ["--backup-dir", flags.backupDir], ["--change-log", flags.changeLog], ["--log-file", flags.logFile], ["--report", flags.report], ["--password-file", flags.passwordFile], ["--ca-file", flags.caFile]]
  });
  const positional = MESH_COMMANDS.has(command) ? args : [];
  const baseline = await baselineOf(positional, flags, from);
  const { connection: connection2, searchBase: searchBase2 } = connectionOf(flags, from, env, baseline);
  const policy = baseline ? { services: baseline.services, mode: baseline.mode, maxValues: baseline.maxValues } : { services: flags.services ?? DEFAULTS.services, mode: flags.mode ?? DEFAULTS.mode, maxValues: flags.maxValues ?? DEFAULTS.maxValues };
  const forWrite = command !== "verify";
  let source = null;
  if (MESH_COMMANDS.has(command)) {
    source = baseline ? { kind: "config", baseline, prune: flags.prune ?? false, forWrite } : { kind: "hosts", selection: { names: [...positional, ...flags.hosts ?? []], discover: flags.discover ?? false, forWrite }, policy };
  }
  if (command === "onboard") {
    if (!baseline && flags.group?.length) throw new UsageError("--group works with --config", "give the config that defines the group, or name peers with --peers");
    if (baseline && flags.peers?.length) throw new UsageError("--peers cannot be combined with --config", "with a config, pick peers through --group");
  }
  const backupDir = flags.backupDir ?? (env.KCDMESH_BACKUP_DIR || DEFAULTS.backupDir);
  return {
    command,
    output,
    verbose: flags.verbose ?? 0,
    logFile: flags.logFile ?? null,
    connection: connection2,
    dc: flags.dc ?? null,
    searchBase: searchBase2,
    stats: flags.stats ?? false,
    quiet: flags.quiet ?? false,
    source,
    // offboard manages the services it is given; its mode and budget are the defaults.
    policy: command === "offboard" ? { ...policy, mode: DEFAULTS.mode, maxValues: DEFAULTS.maxValues } : policy,
    baseline,
    write: {
      yes: flags.yes ?? false,
      parallel: flags.parallel ?? DEFAULTS.parallel,
      safety: { backupDir, changeLog: flags.changeLog ?? join(backupDir, "changes.log"), logFile: flags.logFile ?? null, keyFile: env.KCDMESH_BACKUP_KEY_FILE || null },
      waitReplication: flags.waitReplication ?? null
    },
    report: flags.report ?? null,
    allDcs: flags.allDcs ?? false,
    enforceMode: baseline ? baseline.modeGiven === true : from("mode") === "cli",
    // Each list names an operator once (checked); one named in both the flag and the config is read once.
    operators: uniqueBy([...flags.operator ?? [], ...baseline?.operators ?? []], nameKey),
    peers: flags.peers ?? [],
    groups: flags.group ?? []
  };
}

// src/program.ts
init_errors();
init_json();

// src/render/style.ts
var wrap = (open3, close) => (s) => `\x1B[${open3}m${s}\x1B[${close}m`;
var PLAIN = { add: String, remove: String, change: String, bold: String, dim: String, warn: String };
var COLOUR = {
  add: wrap(32, 39),
  remove: wrap(31, 39),
  change: wrap(33, 39),
  bold: wrap(1, 22),
  dim: wrap(2, 22),
  warn: wrap(33, 39)
};
function chooseStyle(isTTY, env) {
  return isTTY && env.NO_COLOR === void 0 && env.TERM !== "dumb" ? COLOUR : PLAIN;
}

// src/shell/json-wanted.ts
function wantsJson(argv) {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--") return false;
    if ((a === "-o" || a === "--output") && argv[i + 1] === "json") return true;
    if (a === "--output=json" || a === "-ojson") return true;
  }
  return false;
}

// src/ui/logger.ts
async function createLogger(sink, verbosity, file) {
  const toFile = file ? (await Promise.resolve().then(() => (init_log_file(), log_file_exports))).openLogFile(sink, file) : null;
  const line = (level, shown) => (message) => {
    if (shown) sink.write(`kcdmesh: ${level === "info" ? "" : `${level}: `}${String(message)}
`);
    toFile?.log(level, message);
  };
  return {
    debug: line("debug", verbosity > 0),
    info: line("info", true),
    warn: line("warn", true),
    error: line("error", true),
    fileOnly: (level, message) => toFile?.log(level, message)
  };
}

// src/program.ts
init_version();
function servicesOption(what) {
  return new Option("--services <list>", `${what}, comma-separated`).argParser(parseServices).default(DEFAULTS.services, DEFAULTS.services.join(","));
}
var HELP_AFTER = `
Examples:
  kcdmesh discover --url ldaps://dc1.example.com --user admin@example.com
  kcdmesh plan HV01 HV02 HV03                      # what apply would change (read-only)
  kcdmesh apply HV01 HV02 HV03 --mode any-protocol  # back up, write, verify
  kcdmesh verify --discover --report report.html   # audit every Hyper-V host, with an HTML report
  kcdmesh verify --config kcdmesh.yaml --operator hv-admin --output junit > verify.xml
  kcdmesh plan --config kcdmesh.yaml --output hyperv > hosts.ps1   # the host-side settings

Exit codes:
  0  done, or in sync (verify: every pair trusted both ways, no critical finding or error)
  1  error (bad input, connection, a refused write: the message names the hosts written and not)
  2  changes pending (plan) or findings (verify); --wait-replication: a DC still behind
  130 / 143 / 129  interrupted (Ctrl-C, SIGTERM, SIGHUP); 141  standard output closed

Connection settings come from flags, then KCDMESH_AUTH, KCDMESH_URL (or KCDMESH_DOMAIN), KCDMESH_USER,
KCDMESH_CA_FILE, KCDMESH_PASSWORD (or --password-file, or a prompt), then the config file. With
--auth kerberos no password is used: your Kerberos ticket signs you in.`;
function connectionOptions(cmd) {
  return cmd.option("--url <url>", "domain controller, ldap://dc1.example.com with Kerberos, ldaps://... with a password (env KCDMESH_URL)").option("--auth <method>", "kerberos (your ticket: kinit, keytab, or the Windows logon) or simple (user and password) (env KCDMESH_AUTH; default simple)").option("--domain <name>", "find the domain's DCs through DNS SRV records instead of --url (env KCDMESH_DOMAIN; with Kerberos: the ticket's realm by default)").option("--user <name>", "simple bind identity: UPN, DN or DOMAIN\\name (env KCDMESH_USER)").option("--password-file <file>", "read the password from the first line of FILE (else env KCDMESH_PASSWORD, else a prompt)").option("--ca-file <file>", "PEM CA that signed the DC certificate (env KCDMESH_CA_FILE)").option("--starttls", "upgrade an ldap:// connection with StartTLS").option("--search-base <dn>", "where to look for computers (default: the domain)").option("--dc <name>", `run on this writable DC: "pdc" (the PDC emulator) or a DC's name, reached by its dNSHostName`, parseDc).option("--timeout <seconds>", "give up on the DC after this long", parseSeconds, DEFAULTS.timeoutSeconds).addOption(new Option("--insecure-plaintext", "allow a simple bind over unencrypted ldap:// (warned on every run)").hideHelp()).addOption(new Option("--insecure-skip-verify", "do not verify the DC certificate (warned on every run)").hideHelp()).addOption(new Option("-o, --output <format>", outputHelp(cmd.name())).argParser(parseOutput).default("text")).option("--stats", "print the number of LDAP requests sent (stderr)").option("--log-file <file>", "also write every log line, debug included, with timestamps to FILE").option("-v, --verbose", "more detail on stderr (repeatable)", (_v, n) => n + 1, 0);
}
function meshOptions(cmd) {
  return connectionOptions(cmd).argument("[hosts...]", "NetBIOS names or FQDNs of the mesh hosts").option("--hosts <list>", "comma-separated host names (adds to the positional ones)", parseList).option("--discover", "take every computer that registers the migration SPN under --search-base").addOption(servicesOption("service classes to delegate")).addOption(new Option("--mode <mode>", 'kerberos-only ("Use Kerberos only") or any-protocol ("Use any authentication protocol")').argParser(parseMode).default(DEFAULTS.mode)).option("--max-values <n>", "refuse to leave a host with more delegation values than this", intIn(1, 1e5), DEFAULTS.maxValues).option("--config <file>", "a YAML/JSON baseline: connection, policy, migration groups and storage targets").option("--prune", "with --config: also remove managed values pointing at Hyper-V hosts that left a group, or at nothing");
}
function writeOptions(cmd) {
  return cmd.option("-y, --yes", "do not ask for confirmation").option("--parallel <n>", "hosts written at once", intIn(1, 32), DEFAULTS.parallel).option("--backup-dir <dir>", `where the backup of every touched host is written before any change (env KCDMESH_BACKUP_DIR; default ./${DEFAULTS.backupDir})`).option("--change-log <file>", "JSON-lines record of every modify sent (default: changes.log in the backup directory)").option("--wait-replication <seconds>", `after writing, wait until every writable DC holds the change (exit 2 naming those behind when the time is up; 1 to ${MAX_WAIT_SECONDS})`, intIn(1, MAX_WAIT_SECONDS));
}
async function run(argv, io) {
  let json = false;
  let outcome = "clean";
  const ran = { log: null };
  const interactive = io.stdinIsTTY && (io.stderr.isTTY ?? false);
  const action = (pick, mesh = false) => async (...args) => {
    const cmd = args[args.length - 1];
    const commands = await Promise.resolve().then(() => (init_commands(), commands_exports));
    const fn = pick(commands);
    const { directorySession: directorySession2 } = commands;
    const flags = cmd.opts();
    const positional = cmd.processedArgs.flatMap((a) => a === void 0 ? [] : a);
    const options = await resolveOptions(cmd.name(), positional, flags, (key) => cmd.getOptionValueSource(key), io.env);
    const log = await createLogger(io.stderr, options.verbose, options.logFile ?? void 0);
    ran.log = log;
    const ctx = {
      directory: directorySession2({ env: io.env, openDirectory: io.openDirectory, prompts: io.prompts, interactive }, options, log),
      prompts: io.prompts,
      out: io.stdout,
      err: io.stderr,
      interactive,
      log,
      ...io.interrupt ? { interrupt: io.interrupt } : {},
      style: chooseStyle(io.stdout.isTTY ?? false, io.env),
      options
    };
    outcome = await fn(ctx, mesh ? "" : positional[0]);
  };
  const program = new Command("kcdmesh").description("Configure and audit Kerberos constrained delegation between Hyper-V hosts for live migration").version(VERSION).exitOverride().configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(escapeUsageText(s)) }).showHelpAfterError("(run kcdmesh help <command> for usage)").addHelpText("after", HELP_AFTER).enablePositionalOptions().hook("preAction", (_program, cmd) => {
    json = cmd.getOptionValue("output") === "json";
    outputOf(cmd.name(), cmd.opts());
  });
  connectionOptions(program.command("discover").description("list computers that register the migration SPN (Hyper-V hosts)")).action(action((c) => c.discoverCommand));
  meshOptions(program.command("plan").description("show what apply would change; exit 0 in sync, 2 changes pending")).option("-q, --quiet", "no progress lines on a terminal").action(action((c) => c.planCommand, true));
  writeOptions(meshOptions(program.command("apply").description("back up, write exactly the planned difference, then verify"))).action(action((c) => c.applyCommand, true));
  writeOptions(connectionOptions(program.command("rollback").description("undo one apply from its backup file, leaving later changes by others alone"))).argument("<backup>", "the backup file apply wrote").action(action((c) => c.rollbackCommand));
  writeOptions(connectionOptions(program.command("onboard").description("add one host to a mesh, both ways, in one reviewed step"))).argument("<host>", "the new Hyper-V host").option("--peers <list>", "hosts it will trust both ways (without --config)", parseList).option("--group <name>", "with --config: the group(s) to join (repeatable)", parseList).option("--config <file>", "a YAML/JSON baseline with migration groups").addOption(servicesOption("service classes to delegate")).addOption(new Option("--mode <mode>", "kerberos-only or any-protocol for the new host").argParser(parseMode).default(DEFAULTS.mode)).option("--max-values <n>", "refuse to leave a host with more delegation values than this", intIn(1, 1e5), DEFAULTS.maxValues).action(action((c) => c.onboardCommand));
  writeOptions(connectionOptions(program.command("offboard").description("remove a host from every mesh: nobody delegates to it, foreign values stay"))).argument("<host>", "the host leaving").addOption(servicesOption("service classes kcdmesh manages")).action(action((c) => c.offboardCommand));
  meshOptions(program.command("verify").description("read-only audit; exit 0 every pair trusted both ways, 2 findings. Without --mode (or a mode in --config) each host's mode is reported and only hosts that disagree with the mesh are findings")).option("--report <file>", "also write a self-contained HTML audit report to FILE").option("--all-dcs", "read the hosts from every writable DC and report what has not replicated everywhere").option("--operator <user>", "an account that starts migrations: a finding when it cannot be delegated (repeatable)", parseList).option("-q, --quiet", "no progress lines on a terminal").action(action((c) => c.verifyCommand, true));
  for (const cmd of program.commands) cmd.addHelpText("after", HELP_AFTER);
  for (const cmd of program.commands) cmd.exitOverride().configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(escapeUsageText(s)) });
  try {
    refusePasswordFlag(argv);
    await program.parseAsync([...argv], { from: "user" });
    return exitCodeOf(outcome);
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.exitCode === 0) return EXIT.ok;
      if (json || wantsJson(argv)) io.stdout.write(renderJson("error", { error: { message: escapeForDisplay(err.message.replace(/^error: /, "")), hint: "run kcdmesh help <command> for usage" } }));
      return EXIT.error;
    }
    if (err instanceof KcdmeshError) {
      if (!json && wantsJson(argv)) json = true;
      io.stderr.write(`kcdmesh: error: ${err.message}
  hint: ${err.hint}
`);
      ran.log?.fileOnly("error", `${err.message} (hint: ${err.hint})`);
      if (json) io.stdout.write(renderJson("error", { error: { message: err.message, hint: err.hint }, ...err instanceof PartialWriteError ? { hosts: err.hosts } : {} }));
      return exitCodeOf(err);
    }
    io.stderr.write(`kcdmesh: internal error (please report it):
${err instanceof Error ? err.stack : String(err)}
`);
    ran.log?.fileOnly("error", `internal error (please report it): ${err instanceof Error ? err.stack : String(err)}`);
    if (json || wantsJson(argv)) io.stdout.write(renderJson("error", { error: { message: "internal error (please report it)", hint: "run again with -v, and report the stack printed on stderr" } }));
    return exitCodeOf(err);
  } finally {
    await new Promise((resolve3) => setImmediate(resolve3));
  }
}
function refusePasswordFlag(argv) {
  if (argv.some((a) => a === "--password" || a.startsWith("--password="))) {
    throw new UsageError("--password is not accepted: a password in the arguments is visible to other users of the machine", "set KCDMESH_PASSWORD, or pass --password-file FILE, or let kcdmesh ask on the terminal");
  }
}

// src/shell/interrupt.ts
var STOP_EXIT = { SIGHUP: 129, SIGINT: 130, EPIPE: 141, SIGTERM: 143 };
function stopLine(reason2, held) {
  const what = reason2 === "EPIPE" ? "standard output was closed" : `interrupted by ${reason2}`;
  return held ? `kcdmesh: ${what}: no further host is written; recording the hosts already sent, then stopping` : `kcdmesh: ${what}`;
}
var Interrupter = class {
  controller = new AbortController();
  holds = 0;
  waiters = [];
  reason = null;
  get signal() {
    return this.controller.signal;
  }
  get exitCode() {
    return this.reason ? STOP_EXIT[this.reason] : null;
  }
  get held() {
    return this.holds > 0;
  }
  hold() {
    this.holds++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.holds--;
      if (this.holds === 0) for (const w of this.waiters.splice(0)) w();
    };
  }
  /** 'first' for the first interruption, 'again' for any later one (the caller ends at once). */
  interrupt(reason2) {
    if (this.reason) return "again";
    this.reason = reason2;
    this.controller.abort(new Error(stopLine(reason2, false)));
    return "first";
  }
  /** Resolves when nothing is held. */
  released() {
    return this.holds === 0 ? Promise.resolve() : new Promise((resolve3) => this.waiters.push(resolve3));
  }
};

// src/ui/prompts.ts
init_errors();
async function asked(question) {
  try {
    return await question;
  } catch (err) {
    const name = err?.name;
    if (name === "ExitPromptError" || name === "AbortPromptError") throw new PromptCancelledError();
    throw err;
  }
}
var inquirerPrompts = {
  async password(message) {
    const { password } = await import("@inquirer/prompts");
    return asked(password({ message, mask: true }));
  },
  async confirm(message) {
    const { confirm } = await import("@inquirer/prompts");
    return asked(confirm({ message, default: false }));
  },
  async choose(message, choices) {
    const { checkbox } = await import("@inquirer/prompts");
    return asked(checkbox({ message, choices: choices.map((c) => ({ name: c.name, value: c.value, checked: c.checked })) }));
  }
};

// src/cli.ts
var GRACE_MS = 15e3;
var interrupter = new Interrupter();
var say = (line) => {
  try {
    process.stderr.write(`${line}
`);
  } catch {
  }
};
function stop(reason2) {
  if (interrupter.interrupt(reason2) === "again") process.exit(interrupter.exitCode);
  say(stopLine(reason2, interrupter.held));
  if (!interrupter.held) process.exit(interrupter.exitCode);
  void interrupter.released().then(() => setTimeout(() => process.exit(interrupter.exitCode), 2e3).unref());
  setTimeout(() => {
    say(`kcdmesh: the record of the hosts sent did not finish in ${GRACE_MS / 1e3} s; see the write-ahead record beside the backup`);
    process.exit(interrupter.exitCode);
  }, GRACE_MS).unref();
}
for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"]) process.on(sig, () => stop(sig));
process.stdout.on("error", () => {
  if (!interrupter.reason) stop("EPIPE");
});
process.stderr.on("error", () => void 0);
var settled = false;
process.once("beforeExit", () => {
  if (settled) return;
  say("kcdmesh: error: input ended (Ctrl-D) before an answer was given; nothing was written\n  hint: run the command again and answer the prompt, or pass what it asks for (--yes, KCDMESH_PASSWORD, --password-file)");
  process.exit(1);
});
var code = await run(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  stdinIsTTY: process.stdin.isTTY ?? false,
  env: process.env,
  // ldapts and the Kerberos bind only for a command that connects: not for --help, --version or a flag error.
  openDirectory: async (conn, log) => (await Promise.resolve().then(() => (init_ldap_directory(), ldap_directory_exports))).openLdapDirectory(conn, log),
  prompts: inquirerPrompts,
  interrupt: interrupter
});
settled = true;
process.exitCode = interrupter.exitCode ?? code;
