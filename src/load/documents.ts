import { wrongType } from '../core/field-types.js';
import { formatPath, type Path } from '../core/path.js';
import { formatRef, isKubeObject, type KubeObject, type Resource, resourceRef } from '../core/resource.js';
import { type Location, type Result, SYSTEM_RESULT_IDS } from '../core/result.js';
import type { LineIndex } from './line-index.js';
import type { ParsedDocument, ParsedText } from './parse-yaml.js';

export interface Loaded {
  resources: Resource[];
  /** Parse errors, skipped documents and unreadable inputs, as results. */
  problems: Result[];
}

/**
 * Turns parsed documents into resources. `List` and `*List` documents (what `kubectl get -o yaml`
 * prints) contribute their items; documents without apiVersion and kind are skipped with a note.
 */
export function toResources(parsed: ParsedText, file: string, source: string): Loaded {
  const loaded: Loaded = { resources: [], problems: [] };
  const templateAt = helmTemplates(source);
  for (const problem of parsed.problems) {
    const { line, column } = parsed.lines.position(problem.offset);
    if (problem.kind === 'duplicate-key') {
      loaded.problems.push(duplicateKey(problem.document, problem.message, { file, line, column }));
      continue;
    }
    loaded.problems.push({
      ruleId: SYSTEM_RESULT_IDS.parseError,
      verdict: 'error',
      severity: 'high',
      message: `document ${problem.document + 1} is not valid YAML: ${problem.message}`,
      location: { file, line, column },
    });
  }
  for (const document of parsed.documents) {
    const { value } = document;
    if (value === null || value === undefined) continue; // empty documents are normal in helm output
    const template = document.offset === -1 ? undefined : templateAt(document.offset);
    const add = (found: Resource) => {
      const wrong = wrongType(found.object);
      if (wrong) loaded.problems.push(invalidObject(found, wrong));
      else loaded.resources.push(found);
    };
    if (isList(value)) {
      value.items.forEach((item, index) => {
        const object = listItem(item, value);
        if (object) add(resource(object, file, document, parsed.lines, template, index));
        else
          loaded.problems.push(notAResource(file, document, parsed.lines, `item ${index} of the ${value.kind}`, index));
      });
    } else if (isKubeObject(value)) {
      add(resource(value, file, document, parsed.lines, template));
    } else {
      loaded.problems.push(notAResource(file, document, parsed.lines, `document ${document.index + 1}`));
    }
  }
  return loaded;
}

function resource(
  object: KubeObject,
  file: string,
  document: ParsedDocument,
  lines: LineIndex,
  template: string | undefined,
  item?: number,
): Resource {
  const prefix: Path = item === undefined ? [] : ['items', item];
  const locate = (path: Path) => {
    const offset = document.events.locate(document.root, prefix.length ? [...prefix, ...path] : path);
    return lines.position(offset === -1 ? Math.max(document.offset, 0) : offset);
  };
  return {
    object,
    origin: {
      kind: 'file',
      file,
      document: document.index,
      ...(item === undefined ? {} : { item }),
      ...(template === undefined ? {} : { template }),
      locate,
    },
  };
}

interface ListDocument {
  apiVersion: string;
  kind: string;
  items: unknown[];
}

function isList(value: unknown): value is ListDocument {
  return isKubeObject(value) && value.kind.endsWith('List') && Array.isArray((value as { items?: unknown }).items);
}

/** Items of typed lists (`PodList` from the API) carry no kind; it follows from the list's. */
function listItem(item: unknown, list: ListDocument): KubeObject | undefined {
  if (isKubeObject(item)) return item;
  if (item === null || typeof item !== 'object' || Array.isArray(item) || list.kind === 'List') return undefined;
  const record = item as Record<string, unknown>;
  if (record.apiVersion !== undefined || record.kind !== undefined) return undefined;
  return { ...record, apiVersion: list.apiVersion, kind: list.kind.slice(0, -'List'.length) } as KubeObject;
}

function notAResource(file: string, document: ParsedDocument, lines: LineIndex, what: string, item?: number): Result {
  const path: Path = item === undefined ? [] : ['items', item];
  const offset = document.events.locate(document.root, path);
  const { line, column } = lines.position(offset === -1 ? Math.max(document.offset, 0) : offset);
  return {
    ruleId: SYSTEM_RESULT_IDS.notAResource,
    verdict: 'skip',
    severity: 'info',
    message: `${what} has no apiVersion and kind, so it is not a Kubernetes object; skipped`,
    skipReason: 'not a Kubernetes object (no apiVersion and kind)',
    location: { file, line, column },
  };
}

/**
 * A key given twice in one mapping: kubectl keeps the last value without a word, so a reviewer
 * reading the first one is misled (`privileged: false` … `privileged: true`).
 */
function duplicateKey(document: number, message: string, location: Location): Result {
  return {
    ruleId: SYSTEM_RESULT_IDS.duplicateKey,
    verdict: 'warn',
    severity: 'medium',
    message: `document ${document + 1}: ${message}; kubectl keeps the last value, and so does Rampart`,
    location,
  };
}

/** An object the API server would refuse for a field of the wrong type: noted and skipped, never judged. */
function invalidObject(found: Resource, wrong: { path: Path; expected: string }): Result {
  const ref = resourceRef(found.object);
  const position = found.origin.kind === 'file' ? found.origin.locate(wrong.path) : { line: 1, column: 1 };
  const reason = `${formatPath(wrong.path)} is not ${wrong.expected}, so the API server would refuse this object`;
  return {
    ruleId: SYSTEM_RESULT_IDS.invalidObject,
    verdict: 'skip',
    severity: 'info',
    message: `${formatRef(ref)}: ${reason}; it was not checked`,
    skipReason: reason,
    resource: ref,
    path: formatPath(wrong.path),
    location: { file: found.origin.kind === 'file' ? found.origin.file : '', ...position },
  };
}

const SOURCE_COMMENT = /^#[ \t]*Source:[ \t]*(\S[^\r\n]*?)[ \t]*\r?$/gm;

/**
 * The template each document of `helm template` output came from. Helm writes
 * `# Source: <template>` once per template, before its first document; the template's
 * later documents follow without one. So a document belongs to the nearest such comment above it.
 */
export function helmTemplates(source: string): (offset: number) => string | undefined {
  if (!source.includes('Source:')) return () => undefined;
  const comments = [...source.matchAll(SOURCE_COMMENT)].map((match) => ({
    offset: match.index,
    template: match[1] as string,
  }));
  return (offset) => {
    let low = 0;
    let high = comments.length; // first comment at or after offset
    while (low < high) {
      const mid = (low + high) >> 1;
      if ((comments[mid] as { offset: number }).offset < offset) low = mid + 1;
      else high = mid;
    }
    return low === 0 ? undefined : comments[low - 1]?.template;
  };
}
