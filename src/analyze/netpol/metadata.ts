import { ConnSet } from './conn-set.js';
import { IpSet, parseCidr } from './ip-set.js';
import type { Rule } from './model.js';
import { resolvePorts } from './ports.js';

/**
 * Cloud instance metadata services: 169.254.169.254 (AWS, GCP, Azure, OpenStack, DigitalOcean)
 * and fd00:ec2::254 (AWS over IPv6). They serve credentials over plain HTTP on port 80, so a pod
 * that reaches them can often become the node's cloud identity. Provider-specific addresses
 * (Alibaba's 100.100.100.200) are left out: flagging them everywhere would be a false alarm.
 */
export const METADATA_ADDRESSES = ['169.254.169.254', 'fd00:ec2::254'] as const;

export const METADATA_SET: IpSet = METADATA_ADDRESSES.map(
  (a) => parseCidr(`${a}/${a.includes(':') ? 128 : 32}`) as IpSet,
).reduce((acc, s) => acc.union(s), IpSet.EMPTY);

const HTTP = ConnSet.ports('TCP', 80);

/** The metadata addresses an egress rule lets through on TCP 80 (empty when it blocks them all). */
export function metadataReached(rule: Rule, addresses: IpSet): string[] {
  if (!resolvePorts(rule.ports, undefined).covers(HTTP)) return [];
  return METADATA_ADDRESSES.filter((a) =>
    addresses.intersects(parseCidr(`${a}/${a.includes(':') ? 128 : 32}`) as IpSet),
  );
}
