/** Settings that change what rules conclude, shared by every front-end. */
export interface ScanSettings {
  pss: {
    level: 'baseline' | 'restricted';
    /** `latest` or `v1.N`. */
    version: string;
  };
  /** Target Kubernetes version for version-dependent rules, `v1.N`. */
  kubernetesVersion?: string;
}

export const DEFAULT_SETTINGS: ScanSettings = {
  pss: { level: 'restricted', version: 'latest' },
};
