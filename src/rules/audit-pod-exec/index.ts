import { actor, at, defineAuditRule, opened, refused, target } from '../audit-support.js';

/**
 * exec and attach: a shell in a running container, outside every deployment control. Reported
 * when the response starts (the session is open) or, for a request that never got that far (refused, or
 * no kubelet answered), when it completes; a completed upgrade (101) was reported when it started.
 */
export const auditPodExec = defineAuditRule<'exec' | 'refused' | 'failed'>({
  meta: {
    id: 'audit-pod-exec',
    title: 'No exec or attach into pods',
    description:
      'Reports `create` (or `get`, as older clients send it) on the `pods/exec` and `pods/attach` subresources, allowed or refused.',
    rationale:
      'A shell in a container runs with its service account token, its mounted Secrets and its network position; it is how an attacker with pod access moves on, and how an operator bypasses review.',
    remediation:
      'Confirm the session with the person who opened it. Debug through logs, metrics and ephemeral debug containers granted for a time; keep `pods/exec` out of standing roles and allow-list the automation that needs it (`allowUsers`).',
    severity: 'medium',
    owner: 'security',
    frameworks: { mitre: ['T1609'] },
    messages: {
      exec: '{{user}} opened {{action}} into {{target}}',
      refused: '{{user}} tried {{action}} into {{target}} and was refused ({{code}})',
      failed: '{{user}} tried {{action}} into {{target}}; the API server answered {{code}}',
    },
    references: ['https://kubernetes.io/docs/tasks/debug/debug-application/get-shell-running-container/'],
  },
  detect(view) {
    if (view.resource !== 'pods' || (view.subresource !== 'exec' && view.subresource !== 'attach')) return undefined;
    if (!opened(view)) return undefined;
    const data = { user: actor(view), action: view.subresource, target: target(view), code: view.code };
    if (refused(view)) return [at(['objectRef', 'subresource'], 'refused', data, { severity: 'low' })];
    // allowed, but no session (no such pod, no node yet, no kubelet answering): the attempt is what matters
    if (view.code >= 400) return [at(['objectRef', 'subresource'], 'failed', data)];
    return [at(['objectRef', 'subresource'], 'exec', data)];
  },
});
