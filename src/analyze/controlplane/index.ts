import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { KubeObject, Resource } from '../../core/resource.js';
import type { Result } from '../../core/result.js';
import { inputError, loadText } from '../../load/index.js';
import { type EtcdAccess, readStorage, type StoredObject } from '../encryption/index.js';
import { NODE_API_VERSION } from './components.js';
import type { NodeInspection } from './node.js';

export type { ReadProblem } from './command-lines.js';
export { COMPONENTS, type Component, KIND_OF, NODE_API_VERSION } from './components.js';
export { type FileFact, fileFact, readOwners } from './files.js';
export { listOf, parseFlags, type Setting, type ValueSource } from './flags.js';
export { inspectNode, type NodeInspection, type NodeOptions } from './node.js';

export interface NodeResourceOptions {
  /** The node's root, to reach the files the API server names. */
  root: string;
  /** Read the stored bytes of Secrets (and the configured resources) from etcd. */
  verifyEncryption?: boolean;
  /** Overrides of what the API server's --etcd-* flags say. */
  etcd?: Partial<{ endpoint: string; caFile: string; certFile: string; keyFile: string }>;
}

/**
 * Everything `rampart node` hands the scan: the components' resources, the API server's
 * EncryptionConfiguration read as the manifest it is (so its findings carry file and line), and,
 * when asked, how etcd stores each Secret. What could not be read becomes an input error.
 */
export async function nodeResources(
  inspection: NodeInspection,
  options: NodeResourceOptions,
): Promise<{ resources: Resource[]; problems: Result[] }> {
  const resources = [...inspection.resources];
  const problems = inspection.problems.map((p) => inputError(p.subject, p.message));
  const apiserver = inspection.resources.find((r) => r.object.kind === 'KubeAPIServer');
  const flag = (name: string) => settingValue(apiserver?.object, name);
  const onNode = (nodePath: string) => (options.root === '/' ? nodePath : path.join(options.root, nodePath));
  const encryptionFile = flag('encryption-provider-config');
  const configured: string[] = [];
  if (encryptionFile) {
    let text: string | undefined;
    try {
      text = readFileSync(onNode(encryptionFile), 'utf8');
    } catch (error) {
      problems.push(inputError(encryptionFile, unreadable(error)));
    }
    if (text !== undefined) {
      const loaded = loadText({ text }, encryptionFile);
      resources.push(...loaded.resources);
      problems.push(...loaded.problems);
      for (const r of loaded.resources) configured.push(...resourcesOf(r.object));
    }
  }
  if (options.verifyEncryption) {
    const endpoint = options.etcd?.endpoint ?? flag('etcd-servers')?.split(',')[0];
    if (!endpoint) {
      problems.push(
        inputError(
          '--verify-encryption',
          'needs an etcd endpoint: no API server with --etcd-servers was found; give --etcd-endpoint',
        ),
      );
    } else {
      const read = (file: string | undefined, label: string): string | undefined => {
        if (!file) return undefined;
        try {
          return readFileSync(file, 'utf8');
        } catch (error) {
          problems.push(inputError(label, unreadable(error)));
          return undefined;
        }
      };
      const pathOf = (override: string | undefined, name: string) => {
        if (override) return override;
        const value = flag(name);
        return value ? onNode(value) : undefined;
      };
      const access: EtcdAccess = { endpoint };
      const ca = read(pathOf(options.etcd?.caFile, 'etcd-cafile'), 'the etcd CA file');
      const cert = read(pathOf(options.etcd?.certFile, 'etcd-certfile'), 'the etcd client certificate');
      const key = read(pathOf(options.etcd?.keyFile, 'etcd-keyfile'), 'the etcd client key');
      if (ca) access.ca = ca;
      if (cert) access.cert = cert;
      if (key) access.key = key;
      const storage = await etcdStorage(access, ['secrets', ...configured], problems);
      if (storage) resources.push(storage);
    }
  }
  return { resources, problems };
}

async function etcdStorage(access: EtcdAccess, resources: string[], problems: Result[]): Promise<Resource | undefined> {
  const objects: StoredObject[] = [];
  const truncated: string[] = [];
  for (const resource of [...new Set(resources)].sort()) {
    try {
      const read = await readStorage(access, resource);
      objects.push(...read.objects);
      if (read.truncated) truncated.push(resource);
    } catch (error) {
      problems.push(inputError(`etcd at ${safeEndpoint(access.endpoint)}`, `could not be read: ${reason(error)}`));
      return undefined;
    }
  }
  const object: KubeObject = {
    apiVersion: NODE_API_VERSION,
    kind: 'EtcdStorage',
    metadata: { name: safeEndpoint(access.endpoint) },
    spec: { endpoint: safeEndpoint(access.endpoint), resources: [...new Set(resources)].sort(), truncated, objects },
  };
  return {
    object,
    origin: {
      kind: 'file',
      file: `etcd ${safeEndpoint(access.endpoint)}`,
      document: 0,
      locate: () => ({ line: 1, column: 1 }),
    },
  };
}

/** The resources an EncryptionConfiguration names (`secrets`, `configmaps`, `*.apps` stays out: it is a pattern). */
function resourcesOf(object: KubeObject): string[] {
  const out: string[] = [];
  const entries = Array.isArray(object.resources) ? object.resources : [];
  for (const entry of entries.slice(0, 1000)) {
    const list = entry && typeof entry === 'object' ? (entry as { resources?: unknown }).resources : undefined;
    if (!Array.isArray(list)) continue;
    for (const name of list.slice(0, 1000)) {
      // etcd keys are /registry/<resource>/ for core resources; group resources and wildcards are not read.
      if (typeof name === 'string' && /^[a-z0-9]+$/.test(name)) out.push(name);
    }
  }
  return out;
}

function settingValue(object: KubeObject | undefined, name: string): string | undefined {
  const spec = object?.spec as { settings?: Record<string, { value?: unknown }> } | undefined;
  const settings = spec?.settings;
  if (!settings || !Object.hasOwn(settings, name)) return undefined;
  const value = settings[name]?.value;
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** An endpoint without user information, should a URL carry any. */
function safeEndpoint(endpoint: string): string {
  try {
    const url = new URL(endpoint);
    return `${url.protocol}//${url.host}`;
  } catch {
    return 'the etcd endpoint';
  }
}

function reason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code) return code;
  return error instanceof Error && error.message.startsWith('etcd ') ? error.message : 'the request failed';
}

function unreadable(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'does not exist';
  if (code === 'EACCES') return 'cannot be read (permission denied)';
  return `cannot be read (${code ?? 'error'})`;
}
