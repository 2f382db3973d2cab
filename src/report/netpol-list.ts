import type { ConnLine } from '../analyze/netpol/index.js';

/** Forms of `rampart netpol list`, as the Kubernetes netpol-analyzer writes them. */
export const LIST_FORMATS = ['txt', 'json', 'csv', 'md', 'dot'] as const;
export type ListFormat = (typeof LIST_FORMATS)[number];

/**
 * Formats the list in the netpol-analyzer's forms (`src => dst : conn`, JSON `[{src,dst,conn}]`,
 * CSV and Markdown with a `src,dst,conn` header, Graphviz dot grouped by namespace), as chunks:
 * a million connections never become one string.
 */
export function* formatList(lines: Iterable<ConnLine>, format: ListFormat): Generator<string> {
  switch (format) {
    case 'txt':
      yield* batch(lines, (l) => `${l.src} => ${l.dst} : ${l.conn}\n`);
      return;
    case 'csv':
      yield 'src,dst,conn\n';
      yield* batch(lines, (l) => `${csv(l.src)},${csv(l.dst)},${csv(l.conn)}\n`);
      return;
    case 'md':
      yield '| src | dst | conn |\n|-----|-----|------|\n';
      yield* batch(lines, (l) => `| ${l.src} | ${l.dst} | ${l.conn} |\n`);
      return;
    case 'json': {
      let first = true;
      yield '[';
      yield* batch(lines, (l) => {
        const item = `${first ? '' : ','}\n  {\n    "src": ${JSON.stringify(l.src)},\n    "dst": ${JSON.stringify(l.dst)},\n    "conn": ${JSON.stringify(l.conn)}\n  }`;
        first = false;
        return item;
      });
      yield first ? ']\n' : '\n]\n';
      return;
    }
    case 'dot':
      yield* dot(lines);
      return;
  }
}

function* batch<T>(items: Iterable<T>, render: (item: T) => string, size = 4096): Generator<string> {
  let chunk = '';
  let count = 0;
  for (const item of items) {
    chunk += render(item);
    if (++count === size) {
      yield chunk;
      chunk = '';
      count = 0;
    }
  }
  if (chunk) yield chunk;
}

/** RFC 4180 quoting, as Go's csv writer does: only fields with a comma, quote or newline. */
function csv(field: string): string {
  return /[",\n\r]/.test(field) ? `"${field.replace(/"/g, '""')}"` : field;
}

function* dot(lines: Iterable<ConnLine>): Generator<string> {
  const all = [...lines];
  const nodes = new Set<string>();
  for (const l of all) {
    nodes.add(l.src);
    nodes.add(l.dst);
  }
  const byNamespace = new Map<string, string[]>();
  const outside: string[] = [];
  for (const node of [...nodes].sort()) {
    // outside blocks are address ranges; workloads and groups are named ns/…
    if (!node.includes('/')) {
      outside.push(node);
      continue;
    }
    const ns = node.slice(0, node.indexOf('/'));
    byNamespace.set(ns, [...(byNamespace.get(ns) ?? []), node]);
  }
  let out = 'digraph {\n';
  for (const [ns, members] of byNamespace) {
    out += `\tsubgraph ${quote(`cluster_${ns}`)} {\n`;
    for (const node of members) {
      out += `\t\t${quote(node)} [label=${quote(node.slice(ns.length + 1))} color="blue" fontcolor="blue"]\n`;
    }
    out += `\t\tlabel=${quote(ns)}\n\t}\n`;
  }
  for (const node of outside) out += `\t${quote(node)} [label=${quote(node)} color="red2" fontcolor="red2"]\n`;
  yield out;
  yield* batch(
    all,
    (l) => `\t${quote(l.src)} -> ${quote(l.dst)} [label=${quote(l.conn)} color="gold2" fontcolor="darkgreen"]\n`,
  );
  yield '}\n';
}

function quote(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}
