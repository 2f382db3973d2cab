import type { Inventory } from '../../core/inventory.js';
import type { Path } from '../../core/path.js';
import { containersOf, isRecord, POD_SPEC_KINDS, type PodTemplate, podTemplate } from '../../core/pod-spec.js';
import { defineRule, type Report } from '../../core/rule.js';
import { trimSlash } from '../host-path-exposure.js';
import { containerLabel } from '../workload-support.js';

type MessageId = 'volume' | 'env' | 'tokenPath';

const TOKEN_TYPE = 'kubernetes.io/service-account-token';
/** Where the kubelet mounts the pod's own token, and so where every Kubernetes client looks for one. */
const TOKEN_DIRS = ['/var/run/secrets/kubernetes.io/serviceaccount', '/run/secrets/kubernetes.io/serviceaccount'];

/**
 * Joins pods to the Secrets they read: a legacy token Secret in a pod hands a never-expiring
 * credential to whoever compromises the pod. Secrets present in the input are judged by their
 * type; a Secret the input does not hold is judged by where it is mounted: at the ServiceAccount
 * token path it stands in for the pod's projected token, which is what a legacy token Secret does.
 */
export const legacyTokenSecretMounted = defineRule<MessageId>({
  meta: {
    id: 'legacy-token-secret-mounted',
    title: 'Pods do not mount long-lived ServiceAccount token Secrets',
    description:
      "Reports pods that mount, or read into env, a Secret of type `kubernetes.io/service-account-token` found in the same input (secret volumes, projected secret sources, `secretKeyRef`, `envFrom.secretRef`), and pods that mount any other Secret, in the input or not, where the pod's own token belongs: a volume mounted at `/var/run/secrets/kubernetes.io/serviceaccount` (or `/run/…`, or its `token` file) whose Secret supplies the `token` file (no `items`, or an item with path `token`; a projected volume that also projects its own ServiceAccount token keeps that one). Other Secrets the input does not contain are not guessed at.",
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
      tokenPath:
        'volume "{{volume}}" puts Secret {{secret}} at {{mountPath}} in {{container}}, where clients read the pod\'s ServiceAccount token: it takes the place of the projected token, which expires and is bound to the pod',
    },
    references: [
      'https://kubernetes.io/docs/concepts/security/service-accounts/#bound-service-account-tokens',
      'https://kubernetes.io/docs/concepts/storage/projected-volumes/#serviceaccounttoken',
    ],
  },
  check({ object, inventory }) {
    const pod = podTemplate(object);
    if (!pod) return { skip: `${object.apiVersion} ${object.kind} has no pod template to check` };
    const namespace = object.metadata?.namespace;
    const secrets = inventory.ofKind('Secret').length > 0;
    const tokenOf = (name: unknown) => (secrets ? legacyToken(inventory, name, namespace) : undefined);
    const reports: Report<MessageId>[] = [];
    const volumes = pod.spec.volumes;
    let mounts: Map<string, TokenPathMount> | undefined;
    if (Array.isArray(volumes)) {
      volumes.forEach((volume, index) => {
        if (!isRecord(volume)) return;
        const at: Path = [...pod.specPath, 'volumes', index];
        const sources: SecretSource[] = [];
        if (isRecord(volume.secret))
          sources.push({
            name: volume.secret.secretName,
            path: [...at, 'secret', 'secretName'],
            suppliesToken: suppliesToken(volume.secret.items, false),
          });
        const projected = isRecord(volume.projected) ? volume.projected.sources : undefined;
        if (Array.isArray(projected)) {
          const ownToken = projected.some((source) => isRecord(source) && isRecord(source.serviceAccountToken));
          projected.forEach((source, i) => {
            if (isRecord(source) && isRecord(source.secret))
              sources.push({
                name: source.secret.name,
                path: [...at, 'projected', 'sources', i, 'secret', 'name'],
                suppliesToken: suppliesToken(source.secret.items, ownToken),
              });
          });
        }
        const volumeName = String(volume.name ?? '');
        for (const source of sources) {
          const serviceAccount = tokenOf(source.name);
          if (serviceAccount !== undefined) {
            reports.push({
              path: source.path,
              messageId: 'volume',
              data: { volume: volumeName, secret: String(source.name), serviceAccount },
            });
            continue;
          }
          mounts ??= tokenPathMounts(pod);
          const mount = mounts.get(volumeName);
          if (!mount || !(mount.tokenFile || source.suppliesToken)) continue;
          reports.push({
            path: source.path,
            messageId: 'tokenPath',
            data: {
              volume: volumeName,
              secret: String(source.name ?? ''),
              mountPath: mount.mountPath,
              container: mount.container,
            },
          });
        }
      });
    }
    if (!secrets) return reports;
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

interface SecretSource {
  name: unknown;
  path: Path;
  /** Whether the Secret's keys include the file clients read the token from. */
  suppliesToken: boolean;
}

/**
 * Whether a Secret source writes a `token` file: every key when it lists no items (a token
 * Secret holds `token`, `ca.crt` and `namespace`), else only an item with that path. Keys
 * of a Secret without items in a projected volume that also projects its own token are left
 * to that one.
 */
function suppliesToken(items: unknown, ownToken: boolean): boolean {
  if (!Array.isArray(items)) return !ownToken;
  return items.some((item) => isRecord(item) && typeof item.path === 'string' && trimSlash(item.path) === 'token');
}

interface TokenPathMount {
  mountPath: string;
  container: string;
  /** Mounted at the token file itself rather than its directory. */
  tokenFile: boolean;
}

/** The first mount of each volume at the ServiceAccount token directory or file, by volume name. */
function tokenPathMounts(pod: PodTemplate): Map<string, TokenPathMount> {
  const out = new Map<string, TokenPathMount>();
  for (const ref of containersOf(pod)) {
    const volumeMounts = ref.container.volumeMounts;
    if (!Array.isArray(volumeMounts)) continue;
    for (const mount of volumeMounts) {
      if (!isRecord(mount) || typeof mount.name !== 'string' || typeof mount.mountPath !== 'string') continue;
      const path = trimSlash(mount.mountPath);
      const tokenFile = TOKEN_DIRS.some((dir) => path === `${dir}/token`);
      if ((tokenFile || TOKEN_DIRS.includes(path)) && !out.has(mount.name))
        out.set(mount.name, { mountPath: path, container: containerLabel(ref), tokenFile });
    }
  }
  return out;
}
