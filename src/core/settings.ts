/** Settings that change what rules conclude, shared by every front-end. */
export interface ScanSettings {
  pss: {
    level: 'baseline' | 'restricted';
    /** `latest` or `v1.N`. */
    version: string;
  };
  /** Target Kubernetes version for version-dependent rules, `v1.N`. */
  kubernetesVersion?: string;
  /**
   * The rules that run in this scan; the engine fills it in. A rule that leaves a concern to
   * another (one concern, one finding) reports it itself when that one does not run. Absent:
   * every rule runs.
   */
  activeRules?: readonly string[];
  /**
   * Namespaces the command names (`--namespace`): the namespace rules judge them even when the
   * input holds no Namespace object for them. Absent: only namespaces the input defines.
   */
  namespaces?: readonly string[];
}

export const DEFAULT_SETTINGS: ScanSettings = {
  pss: { level: 'restricted', version: 'latest' },
};

/** Whether a rule runs in a scan with these settings (see `activeRules`). */
export function isRuleActive(settings: ScanSettings, ruleId: string): boolean {
  return settings.activeRules === undefined || settings.activeRules.includes(ruleId);
}
