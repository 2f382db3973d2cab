import { isAlias, isMap, isPair, isScalar, isSeq, type Node, type Pair, parseDocument, Scalar } from 'yaml';
import { readOutline } from './outline.js';

/*
 * What the editor reads of a YAML document: each node's kind, where it starts and ends, the
 * offsets of `:` and `-`, quoting style, anchor and tag. The `yaml` package's syntax tree holds
 * all of it (kept source tokens included) and is converted to this; plain block YAML is read
 * into it directly by outline.ts, about ten times faster, which is what makes editing a list item
 * once per fix affordable on a pod with 10,000 containers.
 */

/** `other`: a scalar the package built without a style. */
export type SourceStyle = 'plain' | 'single' | 'double' | 'block' | 'other';

interface Span {
  /** The node's first character: its anchor or tag when it has one (the package's `range[0]`). */
  start: number;
  /** Just past its value: a scalar's last character or closing quote, a flow collection's bracket (`range[1]`). */
  end: number;
  anchor?: string;
  tag?: string;
}

export interface SourceScalar extends Span {
  kind: 'scalar';
  style: SourceStyle;
  /** The scalar's text, as the failsafe schema reads it; kept for keys only (the editor compares keys). */
  value?: unknown;
}

export interface SourceAlias extends Span {
  kind: 'alias';
}

export interface SourceMap extends Span {
  kind: 'map';
  flow: boolean;
  items: SourcePair[];
}

export interface SourceSeq extends Span {
  kind: 'seq';
  flow: boolean;
  /** A flow sequence may hold `key: value` pairs; an entry the package left empty is null. */
  items: (SourceNode | SourcePair | null)[];
  /** Offset of each block item's `-`. */
  dashes: (number | undefined)[];
}

export interface SourcePair {
  kind: 'pair';
  key: SourceNode | null;
  value: SourceNode | null;
  /** Offset of the `:` (absent for `? key` without a value). */
  colon: number | undefined;
}

export type SourceNode = SourceScalar | SourceAlias | SourceMap | SourceSeq;

/** A document's root node, and whether the outline reader read it. */
export interface Tree {
  root: SourceNode | null;
  outlined: boolean;
}

/** Reads a document for editing: plain block YAML by the outline reader, the rest by the `yaml` package. */
export function readTree(text: string): Tree | undefined {
  const outline = readOutline(text);
  return outline ? { root: outline, outlined: true } : readWithPackage(text);
}

/** The `yaml` package's reading (failsafe schema: every scalar stays the text it is), or undefined on errors. */
export function readWithPackage(text: string): Tree | undefined {
  const doc = parseDocument(text, { keepSourceTokens: true, schema: 'failsafe', uniqueKeys: false });
  return doc.errors.length > 0 ? undefined : { root: convert(doc.contents), outlined: false };
}

function convert(node: unknown): SourceNode | null {
  if (!node || typeof node !== 'object') return null;
  const yamlNode = node as Node;
  const span: Span = { start: yamlNode.range?.[0] ?? 0, end: yamlNode.range?.[1] ?? 0 };
  if (yamlNode.anchor) span.anchor = yamlNode.anchor;
  if (yamlNode.tag) span.tag = yamlNode.tag;
  if (isScalar(node)) return { kind: 'scalar', ...span, style: styleOf(node.type), value: node.value };
  if (isAlias(node)) return { kind: 'alias', ...span };
  if (isMap(node)) return { kind: 'map', ...span, flow: node.flow === true, items: node.items.map(convertPair) };
  if (isSeq(node)) {
    const tokens = (node.srcToken as { items?: { start: { type: string; offset: number }[] }[] } | undefined)?.items;
    return {
      kind: 'seq',
      ...span,
      flow: node.flow === true,
      items: node.items.map((item) => (isPair(item) ? convertPair(item) : convert(item))),
      dashes: node.items.map((_, i) => tokens?.[i]?.start.find((t) => t.type === 'seq-item-ind')?.offset),
    };
  }
  return null;
}

function convertPair(pair: Pair): SourcePair {
  const token = pair.srcToken as { sep?: { type: string; offset: number }[] } | undefined;
  return {
    kind: 'pair',
    key: convert(pair.key),
    value: convert(pair.value),
    colon: token?.sep?.find((t) => t.type === 'map-value-ind')?.offset,
  };
}

function styleOf(type: Scalar['type']): SourceStyle {
  switch (type) {
    case Scalar.PLAIN:
      return 'plain';
    case Scalar.QUOTE_SINGLE:
      return 'single';
    case Scalar.QUOTE_DOUBLE:
      return 'double';
    case Scalar.BLOCK_LITERAL:
    case Scalar.BLOCK_FOLDED:
      return 'block';
    default:
      return 'other';
  }
}
