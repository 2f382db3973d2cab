import { formatRef, resourceRef } from '../core/resource.js';
import type { Location, Result } from '../core/result.js';
import type { Fix } from '../core/rule.js';

/** One finding's fix, with what the report needs to name it. */
export interface FindingFix {
  ruleId: string;
  fix: Fix;
  location: Location;
  path?: string;
  resource: string;
}

/** The fixes for one resource, in the order the engine reported them. */
export interface ResourceFixes {
  document: number;
  item?: number;
  /** The helm template the document was rendered from (`# Source:`). */
  template?: string;
  fixes: FindingFix[];
}

export interface FileFixes {
  file: string;
  resources: ResourceFixes[];
}

/**
 * Groups the fixes of unsuppressed findings by file and resource. Each result names the resource
 * it judged (`subject`), and that resource's origin names its file, document and list item: the
 * fix goes exactly there. A result without a file origin (a cluster object) has nowhere to go.
 */
export function collectFixes(
  results: readonly Result[],
  accept: (result: Result) => boolean = () => true,
): { files: FileFixes[]; unplaced: Result[] } {
  // keyed by document and item, not by Resource: a file named twice (`k8s/ k8s/web.yaml`) loads twice
  const files = new Map<string, Map<string, ResourceFixes>>();
  // per resource: the operations (as JSON) of each rule's fixes so far
  const seen = new Map<ResourceFixes, Map<string, Set<string>>>();
  const names = new Map<object, string>();
  const unplaced: Result[] = [];
  for (const result of results) {
    const { fix, location, subject } = result;
    if (result.verdict !== 'fail' || result.suppressed || !fix || fix.operations.length === 0 || !accept(result))
      continue;
    if (subject?.origin.kind !== 'file' || !location) {
      unplaced.push(result);
      continue;
    }
    const { origin } = subject;
    let byResource = files.get(origin.file);
    if (!byResource) {
      byResource = new Map<string, ResourceFixes>();
      files.set(origin.file, byResource);
    }
    const key = origin.item === undefined ? String(origin.document) : `${origin.document}:${origin.item}`;
    let entry = byResource.get(key);
    if (!entry) {
      entry = {
        document: origin.document,
        ...(origin.item === undefined ? {} : { item: origin.item }),
        ...(origin.template === undefined ? {} : { template: origin.template }),
        fixes: [],
      };
      byResource.set(key, entry);
      seen.set(entry, new Map());
    }
    // the same fix twice would apply twice (a second list-item removal hits the next item)
    const rules = seen.get(entry) as Map<string, Set<string>>;
    let operations = rules.get(result.ruleId);
    if (!operations) {
      operations = new Set();
      rules.set(result.ruleId, operations);
    }
    const once = JSON.stringify(fix.operations);
    if (operations.has(once)) continue;
    operations.add(once);
    let resource = names.get(subject.object as object);
    if (resource === undefined) {
      resource = formatRef(resourceRef(subject.object));
      names.set(subject.object as object, resource);
    }
    entry.fixes.push({
      ruleId: result.ruleId,
      fix,
      location,
      ...(result.path === undefined ? {} : { path: result.path }),
      resource,
    });
  }
  return {
    files: [...files].map(([file, byResource]) => ({ file, resources: [...byResource.values()] })),
    unplaced,
  };
}
