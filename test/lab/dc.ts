import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Connection facts of a lab DC, as samba-dc.sh writes them to DIR/dc.json. */
export interface LabDc {
  SAMBA_DC_DIR: string;
  SAMBA_DC_IP: string;
  SAMBA_DC_URL: string;
  SAMBA_DC_URL_PLAIN: string;
  SAMBA_DC_REALM: string;
  SAMBA_DC_DNSDOMAIN: string;
  /** The DC's dNSHostName (DC1.lab.test, dc2.lab.test). */
  SAMBA_DC_FQDN: string;
  SAMBA_DC_BASE_DN: string;
  SAMBA_DC_COMPUTERS_DN: string;
  SAMBA_DC_BIND_UPN: string;
  SAMBA_DC_PASSWORD: string;
  SAMBA_DC_CA: string;
  /** The lab's hosts file the DC sees as /etc/hosts (empty for a DC that does not replicate). */
  SAMBA_DC_HOSTS?: string;
  SAMBA_DC_NTDS_GUID?: string;
}

export const LAB_DIR = dirname(fileURLToPath(import.meta.url));

export function readDc(dir: string): LabDc {
  return JSON.parse(readFileSync(join(dir, 'dc.json'), 'utf8')) as LabDc;
}
