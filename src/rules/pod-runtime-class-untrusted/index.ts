import type { Inventory } from '../../core/inventory.js';
import { apiGroup, POD_SPEC_KINDS, type PodTemplate } from '../../core/pod-spec.js';
import type { KubeObject } from '../../core/resource.js';
import { defineRule } from '../../core/rule.js';
import {
  type Fields,
  isWindows,
  NO_FINDINGS,
  namespaceOf,
  podOrSkip,
  stringList,
  WINDOWS_SKIP,
} from '../workload-support.js';

type MessageId = 'noRuntimeClass' | 'notSandboxed';

const ID = 'pod-runtime-class-untrusted';
const DEFAULT_RUNTIME_CLASSES = ['gvisor', 'runsc', 'kata', 'kata-qemu', 'kata-clh', 'kata-fc', 'kata-dragonball'];
/** RuntimeClass handlers of sandboxed runtimes: gVisor's runsc, and Kata Containers' kata-*. */
const SANDBOX_HANDLER = /^(?:runsc|kata(?:-[a-z0-9-]+)?)$/;
const NOT_CONFIGURED = {
  skip: 'nothing marks workloads as untrusted: set options.untrustedNamespaces or options.untrustedLabel of pod-runtime-class-untrusted in rampart.yaml',
};

interface Settings {
  namespaces: ReadonlySet<string>;
  label: { key: string; value: string | undefined } | undefined;
  runtimeClasses: ReadonlySet<string>;
}

const parsed = new WeakMap<object, Settings>();

function settingsOf(options: Fields): Settings {
  let settings = parsed.get(options);
  if (!settings) {
    const label = options.untrustedLabel;
    if (label !== undefined && (typeof label !== 'string' || label.trim() === '')) {
      throw new Error(`option untrustedLabel of rule ${ID} must be "key" or "key=value"`);
    }
    const equals = typeof label === 'string' ? label.indexOf('=') : -1;
    settings = {
      namespaces: new Set(stringList(options, 'untrustedNamespaces', ID) ?? []),
      label:
        typeof label !== 'string'
          ? undefined
          : equals === -1
            ? { key: label.trim(), value: undefined }
            : { key: label.slice(0, equals).trim(), value: label.slice(equals + 1).trim() },
      runtimeClasses: new Set(stringList(options, 'runtimeClasses', ID) ?? DEFAULT_RUNTIME_CLASSES),
    };
    parsed.set(options, settings);
  }
  return settings;
}

function hasLabel(labels: unknown, label: { key: string; value: string | undefined }): boolean {
  if (labels === null || typeof labels !== 'object') return false;
  const value = (labels as Record<string, unknown>)[label.key];
  return typeof value === 'string' && (label.value === undefined || value === label.value);
}

/** Why the pod counts as untrusted, or undefined when it does not. */
function untrustedBecause(
  object: KubeObject,
  pod: PodTemplate,
  inventory: Inventory,
  settings: Settings,
): string | undefined {
  const namespace = namespaceOf(object);
  if (namespace !== '' && settings.namespaces.has(namespace)) return `namespace "${namespace}" is listed as untrusted`;
  const { label } = settings;
  if (!label) return undefined;
  const text = label.value === undefined ? label.key : `${label.key}=${label.value}`;
  if (hasLabel(pod.metadata.labels, label) || hasLabel(object.metadata?.labels, label))
    return `it carries label ${text}`;
  const ns = namespace === '' ? undefined : inventory.find('Namespace', namespace);
  if (ns && hasLabel(ns.object.metadata?.labels, label)) return `namespace "${namespace}" carries label ${text}`;
  return undefined;
}

function isSandboxed(name: string, inventory: Inventory, settings: Settings): boolean {
  if (settings.runtimeClasses.has(name)) return true;
  const runtimeClass = inventory.find('RuntimeClass', name);
  if (!runtimeClass || apiGroup(runtimeClass.object.apiVersion) !== 'node.k8s.io') return false;
  const handler = runtimeClass.object.handler;
  return typeof handler === 'string' && SANDBOX_HANDLER.test(handler);
}

export const podRuntimeClassUntrusted = defineRule<MessageId>({
  meta: {
    id: ID,
    title: 'Untrusted workloads run in a sandboxed runtime',
    description:
      'Opt-in. Flags pods that are marked untrusted — their namespace is in option `untrustedNamespaces`, or the pod, its workload or its Namespace (when in the scanned input) carries option `untrustedLabel` (`key` or `key=value`) — and do not set a sandboxed `runtimeClassName`. Sandboxed means listed in option `runtimeClasses` (default gvisor, runsc, kata, kata-qemu, kata-clh, kata-fc, kata-dragonball), or a RuntimeClass in the input whose handler is runsc or kata*. Without either untrusted option the rule skips every workload. Windows pods are not judged.',
    rationale:
      "Ordinary containers share the node's kernel: one kernel bug reachable from a container (a new one is found every few months) is a way onto the node and into every other pod on it. Code you did not write and cannot review — customer jobs, CI builds of pull requests, plugins, notebooks — should not get that chance. gVisor and Kata Containers put a second kernel (a user-space one, or a lightweight VM) between such code and the node.",
    remediation:
      'Install a sandboxed runtime on a node pool, publish it as a RuntimeClass, and run untrusted pods with it:\n\n```yaml\napiVersion: node.k8s.io/v1\nkind: RuntimeClass\nmetadata:\n  name: gvisor\nhandler: runsc\n---\n# in the pod template\nspec:\n  runtimeClassName: gvisor\n```\n\nEnable and configure the rule in rampart.yaml:\n\n```yaml\nrules:\n  pod-runtime-class-untrusted:\n    enabled: true\n    options:\n      untrustedNamespaces: [ci-builds, customer-jobs]\n      untrustedLabel: rampart.dev/untrusted=true\n```',
    stage: 'runtime',
    severity: 'high',
    owner: 'platform',
    frameworks: { nsa: ['Pod security: hardening container environments'], mitre: ['T1611'] },
    kinds: POD_SPEC_KINDS,
    messages: {
      noRuntimeClass: "the pod is untrusted ({{why}}) but sets no runtimeClassName, so it shares the node's kernel",
      notSandboxed:
        'the pod is untrusted ({{why}}) but runtimeClassName {{runtimeClass}} is not a sandboxed runtime (expected one of {{sandboxes}}, or a RuntimeClass with handler runsc or kata*)',
    },
    options: {
      untrustedNamespaces: { type: 'string-list', description: 'namespaces whose workloads are untrusted' },
      untrustedLabel: {
        type: 'string',
        nonEmpty: true,
        description: 'a pod label, `key` or `key=value`, that marks a workload untrusted',
      },
      runtimeClasses: {
        type: 'string-list',
        default: DEFAULT_RUNTIME_CLASSES,
        description: 'RuntimeClass names that count as sandboxed, besides those whose handler is runsc or kata',
      },
    },
    references: [
      'https://kubernetes.io/docs/concepts/containers/runtime-class/',
      'https://gvisor.dev/docs/user_guide/containerd/quick_start/',
      'https://katacontainers.io/',
    ],
    optIn: true,
  },
  check({ object, inventory, options }) {
    const pod = podOrSkip(object);
    if ('skip' in pod) return pod;
    const settings = settingsOf(options);
    if (settings.namespaces.size === 0 && !settings.label) return NOT_CONFIGURED;
    if (isWindows(pod)) return WINDOWS_SKIP;
    const why = untrustedBecause(object, pod, inventory, settings);
    if (why === undefined) return NO_FINDINGS;
    const name = pod.spec.runtimeClassName;
    if (typeof name === 'string' && name !== '' && isSandboxed(name, inventory, settings)) return NO_FINDINGS;
    const hasName = typeof name === 'string' && name !== '';
    return [
      {
        path: [...pod.specPath, 'runtimeClassName'],
        messageId: hasName ? 'notSandboxed' : 'noRuntimeClass',
        data: { why, runtimeClass: hasName ? `"${name}"` : '', sandboxes: [...settings.runtimeClasses].join(', ') },
      },
    ];
  },
});
