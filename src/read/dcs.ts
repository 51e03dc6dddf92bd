import { dcHostName, findDcByName, sameDcName, type DcChoice } from '../core/dcs.js';
import type { Directory } from '../directory/directory.js';
import { DcNameError } from '../directory/dc-name-error.js';
import { KcdmeshError, UsageError } from '../errors.js';
import type { Logger } from '../ui/logger.js';

/** The URL of another DC: the same scheme and port as the one kcdmesh was given. */
export function dcUrl(base: string, dnsHostName: string): string {
  const u = new URL(base);
  u.hostname = dnsHostName;
  return `${u.protocol}//${u.host}`;
}

/**
 * A DC found in the directory is reached by its dNSHostName, not by a name the user typed: when that
 * name does not resolve or the DC's certificate does not list it, the fix is in DNS or the
 * certificate, not in --url.
 */
export function fromDirectoryName(err: unknown, dc: string): unknown {
  if (!(err instanceof DcNameError)) return err;
  const origin = `${dc} is the DC's dNSHostName attribute in the directory, not a name given on the command line`;
  if (err.reason === 'unresolved') {
    return new KcdmeshError(`cannot resolve ${dc}, a writable DC of the domain (${origin})`, `make ${dc} resolve from this machine (a DNS record, or a hosts entry), or correct the DC's dNSHostName`);
  }
  return new KcdmeshError(`the TLS certificate of ${dc} does not list that name (${origin})`, `give ${dc} an LDAPS certificate whose subject alternative names hold ${dc}`);
}

export type OpenOther = (url: string) => Promise<Directory>;

/** Open another DC by its name, with the same scheme, port and credentials as the run's DC. */
export async function openDc(dir: Directory, openOther: OpenOther, dc: string): Promise<Directory> {
  try {
    return await openOther(dcUrl(dir.url, dc));
  } catch (err) {
    throw fromDirectoryName(err, dc);
  }
}

/**
 * A new connection to the DC `dir` is bound to, for when the run's own is lost during a write: the
 * outcome and the re-read must be read where the write went. The URL first (its scheme, port, name the
 * certificate lists); when it names several DCs (a domain name) and reaches another, that DC by its name.
 */
export function reopenSameDc(dir: Directory, openOther: OpenOther): () => Promise<Directory> {
  return async () => {
    const other = await openOther(dir.url);
    if (sameDcName(other.root.dnsHostName, dir.root.dnsHostName)) return other;
    await other.close().catch(() => undefined);
    return openDc(dir, openOther, dir.root.dnsHostName);
  };
}

/** The DC a --dc choice means, by its name; the hint lists the writable DCs. */
export async function chosenDcName(dir: Directory, choice: DcChoice): Promise<{ name: string; why: string }> {
  const dcs = await dir.readWritableDcs();
  const list = dcs.map(dcHostName).sort().join(', ') || 'none found';
  if (choice.kind === 'pdc') {
    const pdc = await dir.readPdcHostName();
    if (!pdc) throw new KcdmeshError(`cannot tell the PDC emulator of ${dir.root.defaultNamingContext} (no fSMORoleOwner that names a DC)`, `name the DC with --dc NAME; the writable DCs: ${list}`);
    return { name: pdc, why: 'the PDC emulator' };
  }
  const dc = findDcByName(dcs, choice.name);
  if (!dc) throw new UsageError(`no writable DC named ${choice.name} in ${dir.root.defaultNamingContext}`, `give --dc pdc or one of: ${list}`);
  return { name: dcHostName(dc), why: 'named with --dc' };
}

/** The directory the whole run uses: the DC connected to, or the one --dc chose (opened once, closed by the caller). */
export async function useChosenDc(log: Logger, dir: Directory, choice: DcChoice, openOther: OpenOther): Promise<Directory> {
  const { name, why } = await chosenDcName(dir, choice);
  if (sameDcName(name, dir.root.dnsHostName)) {
    log.info(`DC: ${dir.root.dnsHostName} (${why}), the one connected to`);
    return dir;
  }
  const other = await openDc(dir, openOther, name);
  log.info(`DC: ${other.root.dnsHostName || name} (${why}), at ${other.url}`);
  return other;
}
