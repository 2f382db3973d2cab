import type { Inventory } from '../../core/inventory.js';
import type { Path } from '../../core/path.js';
import { containersOf, isRecord, POD_SPEC_KINDS, podTemplate } from '../../core/pod-spec.js';
import { defineRule, type Report } from '../../core/rule.js';

type MessageId = 'volume' | 'env';

const TOKEN_TYPE = 'kubernetes.io/service-account-token';

/**
 * Joins pods to the Secrets they read: a legacy token Secret in a pod hands a never-expiring
 * credential to whoever compromises the pod. Only Secrets present in the input are judged.
 */
export const legacyTokenSecretMounted = defineRule<MessageId>({
  meta: {
    id: 'legacy-token-secret-mounted',
    title: 'Pods do not mount long-lived ServiceAccount token Secrets',
    description:
      'Reports pods that mount, or read into env, a Secret of type `kubernetes.io/service-account-token` found in the same input (secret volumes, projected secret sources, `secretKeyRef`, `envFrom.secretRef`). Secrets the input does not contain are not guessed at.',
    rationale:
      "The pod's own projected token expires and is bound to the pod; a legacy token Secret does neither. Code execution in the pod, a path-traversal bug or a leaked log of the environment then yields a credential an attacker can use from anywhere, for as long as the Secret exists.",
    remediation:
      'Drop the Secret volume or reference and rely on the projected ServiceAccount token; when the pod needs a token for another audience, project one:\n\n```yaml\nvolumes:\n- name: api-token\n  projected:\n    sources:\n    - serviceAccountToken:\n        path: token\n        audience: https://api.example.com\n        expirationSeconds: 3600\n```\n\nThen delete the legacy Secret.',
    stage: 'deploy',
    severity: 'medium',
    owner: 'developer',
    frameworks: { nsa: ['Pod security: protecting Pod service account tokens'], mitre: ['T1528'] },
    kinds: POD_SPEC_KINDS,
    messages: {
      volume: 'volume "{{volume}}" mounts Secret {{secret}}, a long-lived token of ServiceAccount {{serviceAccount}}',
      env: '{{container}} reads Secret {{secret}}, a long-lived token of ServiceAccount {{serviceAccount}}, into env',
    },
    references: [
      'https://kubernetes.io/docs/concepts/security/service-accounts/#bound-service-account-tokens',
      'https://kubernetes.io/docs/concepts/storage/projected-volumes/#serviceaccounttoken',
    ],
  },
  check({ object, inventory }) {
    const pod = podTemplate(object);
    if (!pod) return { skip: `${object.apiVersion} ${object.kind} has no pod template to check` };
    if (inventory.ofKind('Secret').length === 0) return [];
    const namespace = object.metadata?.namespace;
    const tokenOf = (name: unknown) => legacyToken(inventory, name, namespace);
    const reports: Report<MessageId>[] = [];
    const volumes = pod.spec.volumes;
    if (Array.isArray(volumes)) {
      volumes.forEach((volume, index) => {
        if (!isRecord(volume)) return;
        const at: Path = [...pod.specPath, 'volumes', index];
        const sources: [unknown, Path][] = [];
        if (isRecord(volume.secret)) sources.push([volume.secret.secretName, [...at, 'secret', 'secretName']]);
        const projected = isRecord(volume.projected) ? volume.projected.sources : undefined;
        if (Array.isArray(projected)) {
          projected.forEach((source, i) => {
            if (isRecord(source) && isRecord(source.secret))
              sources.push([source.secret.name, [...at, 'projected', 'sources', i, 'secret', 'name']]);
          });
        }
        for (const [name, path] of sources) {
          const serviceAccount = tokenOf(name);
          if (serviceAccount === undefined) continue;
          reports.push({
            path,
            messageId: 'volume',
            data: { volume: String(volume.name ?? ''), secret: String(name), serviceAccount },
          });
        }
      });
    }
    for (const ref of containersOf(pod)) {
      const refs: [unknown, Path][] = [];
      const { env, envFrom } = ref.container;
      if (Array.isArray(env)) {
        env.forEach((entry, i) => {
          const key = isRecord(entry) && isRecord(entry.valueFrom) ? entry.valueFrom.secretKeyRef : undefined;
          if (isRecord(key)) refs.push([key.name, [...ref.path, 'env', i, 'valueFrom', 'secretKeyRef', 'name']]);
        });
      }
      if (Array.isArray(envFrom)) {
        envFrom.forEach((source, i) => {
          if (isRecord(source) && isRecord(source.secretRef))
            refs.push([source.secretRef.name, [...ref.path, 'envFrom', i, 'secretRef', 'name']]);
        });
      }
      for (const [name, path] of refs) {
        const serviceAccount = tokenOf(name);
        if (serviceAccount === undefined) continue;
        reports.push({
          path,
          messageId: 'env',
          data: { container: `container "${ref.name}"`, secret: String(name), serviceAccount },
        });
      }
    }
    return reports;
  },
});

/** The ServiceAccount of a legacy token Secret named `name`, or undefined when it is not one. */
function legacyToken(inventory: Inventory, name: unknown, namespace: string | undefined): string | undefined {
  if (typeof name !== 'string' || name === '') return undefined;
  const secret = inventory.find('Secret', name, namespace);
  if (!secret || secret.object.type !== TOKEN_TYPE) return undefined;
  const account = secret.object.metadata?.annotations?.['kubernetes.io/service-account.name'];
  return typeof account === 'string' && account !== '' ? account : '(unnamed)';
}
