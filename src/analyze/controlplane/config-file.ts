import { isMap, isScalar, isSeq, LineCounter, type Node, parseDocument } from 'yaml';
import type { Setting, ValueSource } from './flags.js';

/** A configuration file (KubeletConfiguration, KubeProxyConfiguration) read into settings, or why not. */
export type ConfigRead = { settings: Map<string, Setting>; kind?: string } | { problem: string };

/** Past this many fields a config file is not a component's: refuse it rather than walk it all. */
const MAX_FIELDS = 10_000;

/**
 * Flattens a YAML configuration file into dotted field paths (`authentication.anonymous.enabled`),
 * each with the line it is set on. Lists become comma-joined text (flags spell them that way);
 * maps are walked, so two files that set different keys of `featureGates` merge as the kubelet merges them.
 */
export function readConfigText(text: string, file: string, from: 'file' | 'drop-in'): ConfigRead {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: false, prettyErrors: false });
  if (doc.errors.length > 0)
    return { problem: `${file} is not valid YAML (line ${lineOf(lines, doc.errors[0]?.pos[0])})` };
  const settings = new Map<string, Setting>();
  const root = doc.contents;
  if (root === null) return { settings };
  if (!isMap(root)) return { problem: `${file} does not hold a configuration object` };
  let kind: string | undefined;
  let budget = MAX_FIELDS;
  const walk = (node: Node, prefix: string): void => {
    if (!isMap(node)) return;
    for (const pair of node.items) {
      if (--budget < 0) return;
      const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
      if (key === undefined) continue;
      const name = prefix ? `${prefix}.${key}` : key;
      const value = pair.value as Node | null;
      if (!prefix && key === 'kind' && isScalar(value)) kind = String(value.value);
      if (isMap(value)) {
        walk(value, name);
        continue;
      }
      const text = isSeq(value)
        ? value.items.map((item) => (isScalar(item) ? String(item.value) : '')).join(',')
        : isScalar(value)
          ? value.value === null
            ? ''
            : String(value.value)
          : '';
      const line = lineOf(lines, (pair.key as Node).range?.[0]);
      const source: ValueSource = {
        from,
        text: `${from === 'drop-in' ? 'drop-in ' : ''}${file}:${line}`,
        file,
        line,
      };
      settings.set(name, { value: text, source });
    }
  };
  walk(root, '');
  if (budget < 0) return { problem: `${file} has more than ${MAX_FIELDS} fields` };
  return { settings, ...(kind ? { kind } : {}) };
}

function lineOf(lines: LineCounter, offset: number | undefined): number {
  return offset === undefined ? 1 : lines.linePos(offset).line;
}
