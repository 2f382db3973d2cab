import { WORKLOAD_KINDS } from '../analyze/netpol/index.js';

/** What the NetworkPolicy gap rules share: the kinds they judge, their reference and framework section. */
export const NETPOL_DOCS = 'https://kubernetes.io/docs/concepts/services-networking/network-policies/';
export const NSA_NETWORK = ['Network separation and hardening'];
export const NETPOL_WORKLOAD_KINDS: readonly string[] = WORKLOAD_KINDS;

/** Where a finding about a whole workload points: its name, the line people look for. */
export const NAME = ['metadata', 'name'] as const;
