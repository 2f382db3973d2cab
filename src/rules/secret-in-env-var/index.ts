import { containersOf, isRecord, POD_SPEC_KINDS, podTemplate } from '../../core/pod-spec.js';
import { defineRule, type Report } from '../../core/rule.js';

type MessageId = 'secretKeyRef' | 'secretRef';

const CONTAINER_WORDS = {
  initContainers: 'init container',
  containers: 'container',
  ephemeralContainers: 'ephemeral container',
};

/** CIS 5.4.1: Secrets read through env end up wherever the process environment goes. */
export const secretInEnvVar = defineRule<MessageId>({
  meta: {
    id: 'secret-in-env-var',
    title: 'Secrets are mounted as files, not passed as environment variables',
    description:
      'Reports containers that read Secrets into environment variables, through `env[].valueFrom.secretKeyRef` or `envFrom[].secretRef`. ConfigMap references and field references are not reported.',
    rationale:
      'Environment variables leak more easily than files: they are inherited by every child process, printed by crash reporters, debug endpoints and `env` in support sessions, readable in `/proc/<pid>/environ`, and never updated when the Secret is rotated. A Secret mounted as a file can be read only by processes that open it, and is refreshed in place on rotation.',
    remediation:
      'Mount the Secret as a volume and have the application read the file (many accept a `*_FILE` variable naming it):\n\n```yaml\ncontainers:\n- name: api\n  env:\n  - name: DB_PASSWORD_FILE\n    value: /run/secrets/db/password\n  volumeMounts:\n  - name: db\n    mountPath: /run/secrets/db\n    readOnly: true\nvolumes:\n- name: db\n  secret:\n    secretName: db-credentials\n```',
    stage: 'develop',
    severity: 'low',
    owner: 'developer',
    frameworks: { nsa: ['Network separation and hardening: secrets'], cis: ['5.4.1'] },
    kinds: POD_SPEC_KINDS,
    messages: {
      secretKeyRef: 'env {{name}} in {{container}} reads key {{key}} of Secret {{secret}} into an environment variable',
      secretRef: '{{container}} imports every key of Secret {{secret}} as environment variables',
    },
    references: [
      'https://kubernetes.io/docs/concepts/configuration/secret/#using-secrets-as-files-from-a-pod',
      'https://kubernetes.io/docs/concepts/security/secrets-good-practices/',
    ],
  },
  check({ object }) {
    const pod = podTemplate(object);
    if (!pod) return { skip: `${object.apiVersion} ${object.kind} has no pod template to check` };
    const reports: Report<MessageId>[] = [];
    for (const ref of containersOf(pod)) {
      const container = `${CONTAINER_WORDS[ref.field]} "${ref.name}"`;
      const { env, envFrom } = ref.container;
      if (Array.isArray(env)) {
        env.forEach((entry, index) => {
          const from = isRecord(entry) && isRecord(entry.valueFrom) ? entry.valueFrom : undefined;
          if (!from || !isRecord(from.secretKeyRef)) return;
          reports.push({
            path: [...ref.path, 'env', index, 'valueFrom', 'secretKeyRef'],
            messageId: 'secretKeyRef',
            data: {
              name: String(entry.name ?? ''),
              container,
              key: String(from.secretKeyRef.key ?? ''),
              secret: String(from.secretKeyRef.name ?? ''),
            },
          });
        });
      }
      if (Array.isArray(envFrom)) {
        envFrom.forEach((source, index) => {
          if (!isRecord(source) || !isRecord(source.secretRef)) return;
          reports.push({
            path: [...ref.path, 'envFrom', index, 'secretRef'],
            messageId: 'secretRef',
            data: { container, secret: String(source.secretRef.name ?? '') },
          });
        });
      }
    }
    return reports;
  },
});
