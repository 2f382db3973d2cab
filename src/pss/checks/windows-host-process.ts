import type { CheckDefinition, CheckOutcome, PssFinding } from '../check.js';
import { containersPhrase, quote } from '../format.js';
import { containerPath, type Fields, type PodView, recordField, specPath } from '../pod-view.js';

function hostProcess(securityContext: Fields | undefined): boolean {
  return recordField(securityContext, 'windowsOptions')?.hostProcess === true;
}

function windowsHostProcessV1Dot0(pod: PodView): CheckOutcome | undefined {
  const setters: string[] = [];
  const findings: PssFinding[] = [];
  if (hostProcess(pod.securityContext)) {
    setters.push('pod');
    findings.push({
      path: specPath(pod, 'securityContext', 'windowsOptions', 'hostProcess'),
      message: 'pod must not set securityContext.windowsOptions.hostProcess=true',
    });
  }
  const containers: string[] = [];
  for (const container of pod.containers) {
    if (!hostProcess(container.securityContext)) continue;
    containers.push(container.name);
    findings.push({
      path: containerPath(pod, container, 'securityContext', 'windowsOptions', 'hostProcess'),
      message: `container ${quote(container.name)} must not set securityContext.windowsOptions.hostProcess=true`,
    });
  }
  if (containers.length > 0) setters.push(containersPhrase(containers));
  if (setters.length === 0) return undefined;
  return {
    reason: 'hostProcess',
    detail: `${setters.join(' and ')} must not set securityContext.windowsOptions.hostProcess=true`,
    findings,
  };
}

export const windowsHostProcess: CheckDefinition = {
  id: 'windowsHostProcess',
  level: 'baseline',
  versions: [{ since: 0, run: windowsHostProcessV1Dot0 }],
};
