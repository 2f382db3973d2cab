/**
 * End-of-life dates of Kubernetes minor releases, from kubernetes.io/releases (data/releases/eol.yaml
 * of kubernetes/website for past ones, each release page's planned date for supported ones). Minors
 * before 1.22 ended long ago; minors after the table are newer than this Rampart and not judged.
 */
const END_OF_LIFE: Readonly<Record<number, string>> = {
  22: '2022-12-08',
  23: '2023-02-28',
  24: '2023-07-28',
  25: '2023-10-28',
  26: '2024-02-28',
  27: '2024-07-16',
  28: '2024-10-22',
  29: '2025-02-28',
  30: '2025-07-15',
  31: '2025-11-11',
  32: '2026-02-28',
  33: '2026-06-28',
  34: '2026-10-27',
  35: '2027-02-28',
  36: '2027-06-28',
  37: '2027-10-28',
};
const OLDEST = 22;
export const NEWEST_KNOWN_MINOR = 37;

/** `v1.34.3`, `1.34`, `v1.34.3-eks-1234` → 34; anything else (a hostile or empty field) → undefined. */
export function minorOf(version: unknown): number | undefined {
  if (typeof version !== 'string' || version.length > 64) return undefined;
  const match = /^v?1\.(\d{1,3})(?:[.+-]|$)/.exec(version);
  return match ? Number(match[1]) : undefined;
}

/** The end-of-life date of a minor (YYYY-MM-DD), `ended` for minors older than the table, undefined past it. */
export function endOfLife(minor: number): string | 'ended' | undefined {
  if (minor < OLDEST) return 'ended';
  return END_OF_LIFE[minor];
}

/** "Now" for version rules: the option `now` (an ISO date) when given, for reproducible reports, else the scan's time. */
export function nowOption(option: unknown, scanTime: Date): number {
  if (typeof option === 'string') {
    const parsed = Date.parse(option);
    if (!Number.isNaN(parsed)) return parsed;
  }
  return scanTime.getTime();
}

export const NOW_OPTION = {
  type: 'string',
  description: 'an ISO date to judge end of life at instead of the scan time, for reproducible reports',
} as const;

export { CLUSTER_INFO_API_VERSION, CLUSTER_INFO_KIND } from '../core/cluster-info.js';
