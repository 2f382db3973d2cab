import type { ScanSettings } from '../core/settings.js';
import type { RampartConfig } from '../load/config.js';
import type { FailOn } from './exit-code.js';

/** What a front-end was told for this run (flags, a webhook's own settings); wins over rampart.yaml. */
export interface SettingOverrides {
  pss?: { level?: 'baseline' | 'restricted'; version?: string };
  /** `v1.N` or `1.N`. */
  kubernetesVersion?: string;
  failOn?: FailOn;
  /** The namespace the manifests are applied to (`--namespace`). */
  namespace?: string;
}

/** Settings of one scan: the override, else rampart.yaml, else the default. */
export function resolveSettings(
  overrides: SettingOverrides,
  config: RampartConfig,
  defaultFailOn: FailOn,
): { settings: ScanSettings; failOn: FailOn; namespace?: string } {
  const settings: ScanSettings = {
    pss: {
      level: overrides.pss?.level ?? config.pss?.level ?? 'restricted',
      version: overrides.pss?.version ?? config.pss?.version ?? 'latest',
    },
  };
  const target = overrides.kubernetesVersion ?? config.kubernetesVersion;
  if (target !== undefined) settings.kubernetesVersion = target.startsWith('v') ? target : `v${target}`;
  const failOn = overrides.failOn ?? config.failOn ?? defaultFailOn;
  // Objects without a namespace get this one when loaded, and the namespace rules judge it.
  const namespace = overrides.namespace ?? config.namespace;
  if (namespace === undefined) return { settings, failOn };
  settings.namespaces = [namespace];
  return { settings, failOn, namespace };
}
