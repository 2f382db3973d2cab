import { readFile } from 'node:fs/promises';
import type { Resource } from '../core/resource.js';
import { type Result, SYSTEM_RESULT_IDS } from '../core/result.js';
import { type Loaded, toResources } from './documents.js';
import { parseYaml } from './parse-yaml.js';
import { placeObjects } from './placement.js';
import { DEFAULT_MAX_FILE_SIZE, type Decoded, decode, readStream, tooLarge } from './read-input.js';
import { type Renderer, renderDirectory } from './render.js';
import { explain, findFiles } from './walk.js';

export { toResources } from './documents.js';
export { parseYaml, splitDocuments } from './parse-yaml.js';
export { DEFAULT_MAX_FILE_SIZE } from './read-input.js';
export { MANIFEST_EXTENSIONS } from './walk.js';
export { readYamlDocument, type YamlDocument } from './yaml-document.js';

export const STDIN = '-';

export interface LoadOptions {
  exclude?: readonly string[];
  maxFileSize?: number;
  /** Where `-` reads from; process.stdin by default. */
  stdin?: AsyncIterable<Uint8Array | string>;
  /** What findings call stdin; `<stdin>` by default. */
  stdinName?: string;
  /**
   * Receives the decoded text of every input read (offsets in findings refer to it), under the name
   * its findings carry; `rendered` names the tool when the text is a chart's or kustomization's output.
   */
  onText?: (name: string, text: string, rendered?: Renderer) => void;
  /** Where helm, kustomize and kubectl are looked for (PATH); without it, directories to render are input errors saying how. */
  path?: string;
  /** The namespace the manifests are applied to (`--namespace`), given to objects without one (./placement.ts). */
  namespace?: string;
  /** Objects of another namespace than `namespace`: an input error, as kubectl refuses them (default), or kept. */
  otherNamespaces?: 'error' | 'keep';
}

export interface LoadResult {
  resources: Resource[];
  problems: Result[];
  /** Inputs read (files, and stdin), whether or not they held resources. */
  inputs: number;
}

/**
 * Loads every manifest named by `paths` (files, directories, `-` for stdin) in the order given,
 * files within a directory sorted. Nothing is dropped silently: every input that cannot be read
 * or parsed becomes a problem result naming it. Helm charts and kustomizations are rendered with
 * the tool on `path` (./render.ts); their findings name the directory, and Helm's `# Source:` template. Objects are then placed as `kubectl apply` would
 * place them (namespace, scope, the last of duplicate definitions: ./placement.ts).
 */
export async function loadInputs(paths: readonly string[], options: LoadOptions = {}): Promise<LoadResult> {
  const maxSize = options.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
  const result: LoadResult = { resources: [], problems: [], inputs: 0 };
  const add = (loaded: Loaded) => {
    for (const resource of loaded.resources) result.resources.push(resource);
    for (const problem of loaded.problems) result.problems.push(problem);
  };
  const render = (dir: string, renderer: Renderer) =>
    renderDirectory(dir, renderer, {
      path: options.path,
      maxSize,
      ...(options.namespace === undefined ? {} : { namespace: options.namespace }),
    });
  for (const input of paths) {
    if (input === STDIN) {
      result.inputs++;
      const decoded = await readStream(options.stdin ?? process.stdin, maxSize);
      if ('text' in decoded) options.onText?.(options.stdinName ?? '<stdin>', decoded.text);
      add(loadText(decoded, options.stdinName ?? '<stdin>'));
      continue;
    }
    const { files, problems } = await findFiles(input, options.exclude ?? []);
    for (const problem of problems) result.problems.push(inputError(problem.file, problem.message));
    for (const found of files) {
      result.inputs++;
      if ('renderer' in found) {
        const decoded = await render(found.dir, found.renderer);
        if ('text' in decoded) options.onText?.(found.dir, decoded.text, found.renderer);
        add(loadText(decoded, found.dir));
        continue;
      }
      const decoded = await readDecoded(found.file, found.size, maxSize);
      if ('text' in decoded) options.onText?.(found.file, decoded.text);
      add(loadText(decoded, found.file));
    }
  }
  const placed = placeObjects(result.resources, options.namespace, options.otherNamespaces ?? 'error');
  result.resources = placed.resources;
  for (const problem of placed.problems) result.problems.push(problem);
  return result;
}

async function readDecoded(file: string, size: number, maxSize: number): Promise<Decoded> {
  if (size > maxSize) return { error: tooLarge(size, maxSize) };
  try {
    return decode(await readFile(file));
  } catch (error) {
    return { error: explain(error) };
  }
}

/** Parses decoded text from one input; `name` is what findings will call the file. */
export function loadText(decoded: Decoded, name: string): Loaded {
  if ('error' in decoded) return { resources: [], problems: [inputError(name, decoded.error)] };
  const text = decoded.text.charCodeAt(0) === 0xfeff ? decoded.text.slice(1) : decoded.text;
  return toResources(parseYaml(text), name, text);
}

/**
 * One object as the admission webhook receives it, already parsed from JSON: loaded through the
 * JSON path, so it is judged exactly as the same object in a file, and findings locate in its
 * JSON text. Values JSON cannot hold (a cycle, a BigInt, a string too long to build) are an input error.
 */
export function loadObject(value: unknown, name: string): Loaded {
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch {
    return { resources: [], problems: [inputError(name, 'is not a JSON value (a cycle, a BigInt, or too large)')] };
  }
  return loadText({ text: text ?? 'null' }, name);
}

export function inputError(file: string, message: string): Result {
  return {
    ruleId: SYSTEM_RESULT_IDS.inputError,
    verdict: 'error',
    severity: 'high',
    message: `${file} ${message}`,
    location: { file, line: 1, column: 1 },
  };
}
