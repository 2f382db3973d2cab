import { formatRef, type Resource, resourceRef } from '../core/resource.js';
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
 * Groups the fixes of unsuppressed findings by file and resource. A result names its file and
 * position but not its document, so each finding goes to the resource of that file whose root
 * is the last one at or before the finding's position: a finding is always located inside its
 * resource (at the deepest existing node of its path), and resources do not overlap.
 */
export function collectFixes(
  resources: readonly Resource[],
  results: readonly Result[],
  accept: (result: Result) => boolean = () => true,
): { files: FileFixes[]; unplaced: Result[] } {
  const roots = new Map<string, { at: [number, number]; resource: Resource }[]>();
  for (const resource of resources) {
    const { origin } = resource;
    if (origin.kind !== 'file') continue;
    const { line, column } = origin.locate([]);
    const list = roots.get(origin.file) ?? [];
    list.push({ at: [line, column], resource });
    roots.set(origin.file, list);
  }
  for (const list of roots.values()) list.sort((a, b) => compare(a.at, b.at));

  // keyed by document and item, not by Resource: a file named twice (`k8s/ k8s/web.yaml`) loads twice
  const files = new Map<string, Map<string, ResourceFixes>>();
  const seen = new Set<string>();
  const unplaced: Result[] = [];
  for (const result of results) {
    const { fix, location } = result;
    if (result.verdict !== 'fail' || result.suppressed || !fix || fix.operations.length === 0 || !accept(result))
      continue;
    const resource = location && owner(roots.get(location.file), [location.line, location.column]);
    if (!location || !resource || resource.origin.kind !== 'file' || !sameResource(resource, result)) {
      unplaced.push(result);
      continue;
    }
    const { origin } = resource;
    const key = `${origin.document}:${origin.item ?? ''}`;
    const once = `${origin.file}\0${key}\0${result.ruleId}\0${JSON.stringify(fix.operations)}`;
    if (seen.has(once)) continue; // the same fix twice would apply twice (a second list-item removal hits the next item)
    seen.add(once);
    const byResource = files.get(origin.file) ?? new Map<string, ResourceFixes>();
    files.set(origin.file, byResource);
    let entry = byResource.get(key);
    if (!entry) {
      entry = {
        document: origin.document,
        ...(origin.item === undefined ? {} : { item: origin.item }),
        ...(origin.template === undefined ? {} : { template: origin.template }),
        fixes: [],
      };
      byResource.set(key, entry);
    }
    entry.fixes.push({
      ruleId: result.ruleId,
      fix,
      location,
      ...(result.path === undefined ? {} : { path: result.path }),
      resource: formatRef(resourceRef(resource.object)),
    });
  }
  return {
    files: [...files].map(([file, byResource]) => ({ file, resources: [...byResource.values()] })),
    unplaced,
  };
}

function owner(list: { at: [number, number]; resource: Resource }[] | undefined, at: [number, number]) {
  if (!list) return undefined;
  let low = 0;
  let high = list.length; // first root after `at`
  while (low < high) {
    const mid = (low + high) >> 1;
    if (compare((list[mid] as { at: [number, number] }).at, at) <= 0) low = mid + 1;
    else high = mid;
  }
  return list[low - 1]?.resource;
}

function compare(a: readonly [number, number], b: readonly [number, number]): number {
  return a[0] - b[0] || a[1] - b[1];
}

function sameResource(resource: Resource, result: Result): boolean {
  const ref = resourceRef(resource.object);
  const want = result.resource;
  return (
    want !== undefined &&
    ref.kind === want.kind &&
    ref.name === want.name &&
    ref.namespace === want.namespace &&
    ref.apiVersion === want.apiVersion
  );
}
