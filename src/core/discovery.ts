import { hostOrder } from './keys.js';
import type { HostRecord } from './types.js';
import { currentMode, isDomainController } from './uac.js';

export interface DiscoveredHost {
  name: string;
  fqdn: string | null;
  dn: string;
  mode: ReturnType<typeof currentMode>;
  values: number;
  domainController: boolean;
}

export function describeHost(h: HostRecord): DiscoveredHost {
  return {
    name: h.name,
    fqdn: h.fqdn,
    dn: h.dn,
    mode: currentMode(h.userAccountControl, h.delegateTo.length),
    values: h.delegateTo.length,
    domainController: isDomainController(h.userAccountControl),
  };
}

export function byName(a: HostRecord, b: HostRecord): number {
  return hostOrder(a.name, b.name);
}
