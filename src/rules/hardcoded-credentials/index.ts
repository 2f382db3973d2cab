import { containersOf, isRecord, POD_SPEC_KINDS, podTemplate } from '../../core/pod-spec.js';
import { defineRule, type Report } from '../../core/rule.js';
import { credentialName, looksGenerated } from './credential-names.js';
import { credentialByShape, hardcoded, isLiteralCredential, scanText, sensitiveKey } from './detect.js';

type MessageId = 'env' | 'configMap';

const CONTAINER_WORDS = {
  initContainers: 'init container',
  containers: 'container',
  ephemeralContainers: 'ephemeral container',
};
const KEY_STORE = /\.(?:p12|pfx|jks|keystore)$/i;
const TRUST_STORE = /trust/i;
/** Source code and markup: `password = form.value` there is code, not a setting; only shapes are looked for. */
const CODE_FILE = /\.(?:js|mjs|cjs|ts|jsx|tsx|html?|css|lua|py|rb|go|java|php|vue|svelte)$/i;

/**
 * Credentials written into env values and ConfigMaps: readable by anyone who can read the object,
 * kept in git history, printed by `kubectl describe`. Messages say which key and what kind of
 * credential, never the value: data carries names and descriptions only.
 */
export const hardcodedCredentials = defineRule<MessageId>({
  meta: {
    id: 'hardcoded-credentials',
    title: 'No credentials in env values or ConfigMaps',
    description:
      // biome-ignore lint/suspicious/noTemplateCurlyInString: the text documents the ${VAR} placeholder syntax
      'Reports container `env[].value` entries and ConfigMap `data`/`binaryData` entries that hold a credential: recognised by shape (private keys, AWS access key ids, GitHub, GitLab, Slack, Google, Stripe and npm tokens, JSON Web Tokens, `scheme://user:password@host` URLs, kubeconfigs with embedded credentials), or by a key named like one (`DB_PASSWORD`, `apiKey`, `spring.datasource.password` inside a properties file) holding a literal value. Env names and ConfigMap keys of one value also count when they end in `CREDENTIAL` (with any literal value), or in `JWT`, `BEARER` or a `KEY` word (`STRIPE_KEY`, `hmacKey`) with a value that looks generated (16 or more base64 or hex characters mixing letters and digits), except keys that are public or not secrets at all (`PUBLIC_KEY`, `SITE_KEY`, `CACHE_KEY`, `SORT_KEY`, `KMS_KEY`, `*_KEY_ID`, `KEY_FILE`, …). References are not reported: `$(VAR)`, `${VAR}`, `{{ template }}`, `valueFrom`, file paths, URLs without credentials, booleans, masks like `****`, secret-store references (`vault:`, `arn:aws:secretsmanager:`, …), and Secret names under `*_SECRET` keys. Well-known defaults such as `changeme` are reported: they are deployed as the real password. Values are never shown; findings name the key and the kind of credential.',
    rationale:
      'A credential in a manifest is readable by everyone who can read the repository, its CI logs, or the object in the cluster (`get` on Deployments and ConfigMaps is granted far more widely than on Secrets), and it stays in git history after it is removed. Attackers harvest such values to move from one compromised pod or leaked repository to databases and cloud accounts.',
    remediation:
      'Move the value into a Secret (or an external secret store synced into one) and reference it; rotate the credential, since it has been exposed:\n\n```yaml\nenv:\n- name: DB_PASSWORD\n  valueFrom:\n    secretKeyRef:\n      name: db-credentials\n      key: password\n```\n\nPrefer mounting the Secret as a file (see secret-in-env-var). For configuration files in ConfigMaps, keep the secret parts in a Secret mounted beside them, or use placeholders your application resolves from the environment.',
    stage: 'develop',
    severity: 'high',
    owner: 'developer',
    frameworks: { nsa: ['Network separation and hardening: secrets'], mitre: ['T1552.001', 'T1552.007'] },
    kinds: [...POD_SPEC_KINDS, 'ConfigMap'],
    messages: {
      env: 'env {{name}} in {{container}} holds what looks like {{what}}',
      configMap: 'ConfigMap key "{{key}}" holds what looks like {{what}}{{where}}',
    },
    references: [
      'https://kubernetes.io/docs/concepts/configuration/secret/',
      'https://kubernetes.io/docs/concepts/security/secrets-good-practices/',
      'https://kubernetes.io/docs/tasks/inject-data-application/distribute-credentials-secure/',
    ],
  },
  check({ object }) {
    if (object.kind === 'ConfigMap') {
      if (object.apiVersion !== 'v1') return { skip: `${object.apiVersion} ConfigMap is not a core ConfigMap` };
      return checkConfigMap(object);
    }
    const pod = podTemplate(object);
    if (!pod) return { skip: `${object.apiVersion} ${object.kind} has no pod template to check` };
    const reports: Report<MessageId>[] = [];
    for (const ref of containersOf(pod)) {
      const env = ref.container.env;
      if (!Array.isArray(env)) continue;
      env.forEach((entry, index) => {
        if (!isRecord(entry) || typeof entry.name !== 'string' || typeof entry.value !== 'string') return;
        const found = credentialIn(entry.name, entry.value);
        if (!found) return;
        reports.push({
          path: [...ref.path, 'env', index, 'value'],
          messageId: 'env',
          data: { name: entry.name, container: `${CONTAINER_WORDS[ref.field]} "${ref.name}"`, what: found.what },
          severity: found.byKey ? 'medium' : 'high',
        });
      });
    }
    return reports;
  },
});

interface Found {
  what: string;
  /** Where in a multi-line value, for ConfigMap files. */
  where: string;
  /** Recognised by the key's name rather than the value's shape: less certain, so medium. */
  byKey: boolean;
}

const NOT_SECRET_NAMED = { secretNamed: false };

/** A credential's description for one `name: value` pair, or undefined. */
function credentialIn(name: string, value: string): Found | undefined {
  const shaped = credentialByShape(value);
  if (shaped) return { what: shaped, where: '', byKey: false };
  const key = sensitiveKey(name);
  if (key) return isLiteralCredential(value, key) ? { what: hardcoded(key.noun), where: '', byKey: true } : undefined;
  const named = credentialName(name);
  if (!named || !isLiteralCredential(value, NOT_SECRET_NAMED)) return undefined;
  if (named.generatedOnly && !looksGenerated(value.trim())) return undefined;
  return { what: hardcoded(named.noun), where: '', byKey: true };
}

/** The credentials in a ConfigMap's data; also read by audit-configmap-credentials on ConfigMaps in audit events. */
export function checkConfigMap(object: Record<string, unknown>): Report<MessageId>[] {
  const reports: Report<MessageId>[] = [];
  for (const field of ['data', 'binaryData'] as const) {
    const entries = object[field];
    if (!isRecord(entries)) continue;
    for (const [key, raw] of Object.entries(entries)) {
      if (typeof raw !== 'string') continue;
      const found = field === 'data' ? inText(key, raw) : inBinary(key, raw);
      if (!found) continue;
      reports.push({
        path: [field, key],
        messageId: 'configMap',
        data: { key, what: found.what, where: found.where },
        severity: found.byKey ? 'medium' : 'high',
      });
    }
  }
  return reports;
}

function inText(key: string, value: string): Found | undefined {
  if (!value.includes('\n')) return credentialIn(key, value);
  const found = scanText(value, !CODE_FILE.test(key));
  if (!found) return undefined;
  const where = found.key ? ` (line ${found.line}, setting ${found.key})` : ` (line ${found.line})`;
  return { what: found.what, where, byKey: found.key !== undefined };
}

function inBinary(key: string, base64: string): Found | undefined {
  if (KEY_STORE.test(key) && !TRUST_STORE.test(key))
    return { what: 'a key store, which holds private keys', where: '', byKey: false };
  const bytes = Buffer.from(base64, 'base64');
  if (bytes.includes(0)) return undefined; // binary content other than key stores is not judged
  return inText(key, bytes.toString('utf8'));
}
