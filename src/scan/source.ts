import type { Resource } from '../core/resource.js';
import type { Result } from '../core/result.js';
import { loadInputs } from '../load/index.js';

/** What a source hands the scan: resources, and the inputs it could not read, as results. */
export interface SourceLoad {
  resources: readonly Resource[];
  /** Unreadable or unparsable inputs (`error`) and skipped documents (`skip`), located where possible. */
  problems: readonly Result[];
}

/** What the scan's configuration tells a source (rampart.yaml's `exclude`, among them). */
export interface SourceContext {
  exclude: readonly string[];
  /** The namespace the manifests are applied to (`--namespace`, `namespace:`); files give it to objects without one. */
  namespace?: string;
}

/**
 * Where the resources of a scan come from: files, stdin, a live cluster, an AdmissionReview. The
 * scan service never sees paths; front-ends choose a source and the service loads it.
 */
export interface ResourceSource {
  load(context: SourceContext): Promise<SourceLoad>;
}

export interface FileSourceOptions {
  /** Globs from the command line; rampart.yaml's are added. */
  exclude?: readonly string[];
  maxFileSize?: number;
  stdin?: AsyncIterable<Uint8Array | string>;
  stdinName?: string;
  /** Receives the text of every input read, under the name its findings carry (`fix` edits it); `rendered` for chart output. */
  onText?: (name: string, text: string, rendered?: 'helm' | 'kustomize') => void;
  /** Where helm, kustomize and kubectl are found to render charts and kustomizations (the PATH of the command). */
  path?: string;
}

/** Files, directories (recursive) and `-` for stdin. */
export function fileSource(paths: readonly string[], options: FileSourceOptions = {}): ResourceSource {
  return {
    load: (context) =>
      loadInputs(paths, {
        ...options,
        exclude: [...context.exclude, ...(options.exclude ?? [])],
        ...(context.namespace === undefined ? {} : { namespace: context.namespace }),
      }),
  };
}

/** Resources already in memory: objects of a cluster, an admission request, a scan run again. */
export function resourceSource(resources: readonly Resource[], problems: readonly Result[] = []): ResourceSource {
  return { load: async () => ({ resources, problems }) };
}
