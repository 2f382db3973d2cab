import type { FoundCertificate } from './sources.js';

type Doc = Record<string, unknown>;
const isDoc = (v: unknown): v is Doc => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * ConfigMap keys that hold CA certificates: `ca.crt` (kube-root-ca.crt, in every namespace) and
 * the API server's client CAs in kube-system's extension-apiserver-authentication.
 */
const CONFIG_MAP_KEYS = ['ca.crt', 'client-ca-file', 'requestheader-client-ca-file'];
/** Secret keys the cluster sanitizer keeps: public certificates only. */
const SECRET_KEYS = ['tls.crt', 'ca.crt'];
const MAX_WEBHOOKS = 1000;

/** The API resources (`group/resource`) whose objects objectPems reads: all a cluster read for certificates lists. */
export const CERTIFICATE_RESOURCES: ReadonlySet<string> = new Set([
  '/secrets',
  '/configmaps',
  'admissionregistration.k8s.io/validatingwebhookconfigurations',
  'admissionregistration.k8s.io/mutatingwebhookconfigurations',
  'apiregistration.k8s.io/apiservices',
  'apiextensions.k8s.io/customresourcedefinitions',
]);

/** A PEM text found in an object, with the field it came from (`webhooks[0].clientConfig.caBundle`). */
export interface ObjectPem {
  /** `Secret/default/web-tls`, `ValidatingWebhookConfiguration/policy`. */
  name: string;
  field: string;
  pem: string;
  source: FoundCertificate['source'];
}

/**
 * The certificates a Kubernetes object carries: `tls.crt` and `ca.crt` of Secrets, CA keys of
 * ConfigMaps, and the `caBundle` of APIServices, webhook configurations and CRD conversion
 * webhooks. The same for a manifest file and for an object read from a cluster.
 */
export function objectPems(object: unknown): ObjectPem[] {
  if (!isDoc(object)) return [];
  const meta = isDoc(object.metadata) ? object.metadata : {};
  const name = `${String(object.kind)}/${typeof meta.namespace === 'string' ? `${meta.namespace}/` : ''}${String(meta.name ?? '')}`;
  const out: ObjectPem[] = [];
  const add = (field: string, value: unknown, source: FoundCertificate['source'], base64 = true) => {
    if (typeof value !== 'string' || value === '') return;
    out.push({ name, field, pem: base64 ? Buffer.from(value, 'base64').toString('utf8') : value, source });
  };
  const kind = object.kind;
  if (kind === 'Secret' && isDoc(object.data)) {
    for (const key of SECRET_KEYS) add(key, object.data[key], 'secret');
  } else if (kind === 'ConfigMap' && isDoc(object.data)) {
    // ConfigMap data is text, not base64
    for (const key of CONFIG_MAP_KEYS) add(key, object.data[key], 'configMap', false);
  } else if (kind === 'APIService' && isDoc(object.spec)) {
    add('spec.caBundle', object.spec.caBundle, 'caBundle');
  } else if (kind === 'CustomResourceDefinition' && isDoc(object.spec) && isDoc(object.spec.conversion)) {
    const webhook = object.spec.conversion.webhook;
    const config = isDoc(webhook) && isDoc(webhook.clientConfig) ? webhook.clientConfig : undefined;
    add('spec.conversion.webhook.clientConfig.caBundle', config?.caBundle, 'caBundle');
  } else if (
    (kind === 'ValidatingWebhookConfiguration' || kind === 'MutatingWebhookConfiguration') &&
    Array.isArray(object.webhooks)
  ) {
    object.webhooks.slice(0, MAX_WEBHOOKS).forEach((hook, i) => {
      const config = isDoc(hook) && isDoc(hook.clientConfig) ? hook.clientConfig : undefined;
      add(`webhooks[${i}].clientConfig.caBundle`, config?.caBundle, 'caBundle');
    });
  }
  return out;
}
