import { formatRef } from '../core/resource.js';
import type { Result } from '../core/result.js';
import { OWNER_TITLES } from '../core/rule.js';
import { SEVERITIES, type Verdict } from '../core/severity.js';
import { type Paint, painter, printableResult, wrap } from './ansi.js';
import type { ReportContext } from './context.js';
import { displayFile } from './files.js';
import { complianceLines } from './table-compliance.js';
import {
  compareFindings,
  type FileGroup,
  groupByFile,
  groupByOwner,
  groupByResource,
  isFinding,
  type ResourceGroup,
  skipReasons,
} from './table-groups.js';

/** Lines are wrapped to fit this when no terminal width is known (logs, files); nothing is truncated. */
export const TABLE_WIDTH = 120;
/** Narrower than this, no layout stays legible: a narrower terminal gets 40-column lines it soft-wraps. */
export const MIN_TABLE_WIDTH = 40;
const LABEL_WIDTH = 8; // 'critical'
const MAX_ID_WIDTH = 32;
/** What needs action first; passes last. */
const SUMMARY_ORDER: readonly Verdict[] = ['fail', 'warn', 'error', 'skip', 'pass'];

interface Printer {
  paint: Paint;
  cwd: string;
  showPassed: boolean;
  width: number;
}

/** The width the table fits: the context's, at least MIN_TABLE_WIDTH, or TABLE_WIDTH when none is known. */
export function fitWidth(width: number | undefined): number {
  return width === undefined ? TABLE_WIDTH : Math.max(MIN_TABLE_WIDTH, Math.floor(width));
}

/**
 * `-o table`, the default for people: problems with the input first, then findings grouped by
 * resource (or by owner, then resource), skips summarized by reason, and a closing summary.
 */
export function formatTable(input: readonly Result[], context: ReportContext): string {
  const results = input.map(printableResult);
  const printer: Printer = {
    paint: painter(context.color),
    cwd: context.cwd,
    showPassed: context.showPassed,
    width: fitWidth(context.width),
  };
  const out: string[] = [];
  const inputs = results.filter((r) => !r.resource && r.verdict !== 'pass' && r.verdict !== 'skip');
  if (inputs.length)
    out.push(
      printer.paint('bold', 'Input and configuration problems'),
      ...inputLines(groupByFile(inputs), printer),
      '',
    );

  const withResource = results.filter((r) => r.resource);
  if (context.groupBy === 'owner') {
    for (const { owner, results: owned } of groupByOwner(withResource)) {
      const lines = resourceLines(owned, printer, '  ');
      if (lines.length === 0) continue;
      const title = owner ? OWNER_TITLES[owner] : 'unassigned';
      const live = owned.filter((r) => isFinding(r) && !r.suppressed).length;
      const suppressed = owned.filter((r) => r.suppressed).length;
      const counts = `${live} finding${live === 1 ? '' : 's'}${suppressed ? `, ${suppressed} suppressed` : ''}`;
      out.push(printer.paint('bold', `${title}: ${counts}`));
      append(out, lines);
    }
  } else {
    append(out, resourceLines(withResource, printer, ''));
  }

  const skipLines = skipSummary(results, printer.width);
  if (skipLines.length) {
    append(out, skipLines);
    out.push('');
  }
  if (!results.some((r) => isFinding(r) && !r.suppressed)) {
    out.push(context.summary.resources === 0 ? 'No findings: no resources were scanned.' : 'No findings.', '');
  }
  append(out, summaryLines(results, context, printer));
  return `${out.join('\n')}\n`;
}

/** How one group's findings are laid out; shared so every line of a group lines up. */
interface Layout {
  indent: string;
  idWidth: number;
  /** Prefix positions with the file (input problems, which have no resource header). */
  withFile: boolean;
  /** Position and path on a line of their own, for every finding of the group or for none. */
  split: boolean;
}

function layoutFor(
  results: readonly Result[],
  printer: Printer,
  indent: string,
  withFile: boolean,
  alsoAligned: readonly Result[] = [],
): Layout {
  const layout = { indent, idWidth: ruleWidth([...results, ...alsoAligned]), withFile, split: false };
  layout.split = results.some((r) => oneLine(parts(r, printer, layout)).length > printer.width);
  return layout;
}

function inputLines(groups: readonly FileGroup[], printer: Printer): string[] {
  const out: string[] = [];
  for (const group of groups) {
    out.push(`  ${group.file === undefined ? '(no file)' : displayFile(group.file, printer.cwd)}`);
    const live = group.results.filter((r) => !r.suppressed).sort(compareFindings);
    // `file:line:col` in full, as compilers print errors: terminals and editors make it a link.
    const layout = layoutFor(live, printer, '    ', true);
    for (const result of live) append(out, findingLines(result, printer, layout));
  }
  return out;
}

function resourceLines(results: readonly Result[], printer: Printer, indent: string): string[] {
  const out: string[] = [];
  for (const group of groupByResource(results)) {
    const live = group.results.filter((r) => isFinding(r) && !r.suppressed).sort(compareFindings);
    const suppressed = group.results.filter((r) => r.suppressed).sort(compareFindings);
    const passed = printer.showPassed ? group.results.filter((r) => r.verdict === 'pass') : [];
    if (live.length + suppressed.length + passed.length === 0) continue;
    append(out, headerLines(group, printer, indent));
    const layout = layoutFor([...live, ...suppressed], printer, `${indent}  `, false, passed);
    for (const result of [...live, ...suppressed]) append(out, findingLines(result, printer, layout));
    for (const result of passed) {
      const label = printer.paint('pass', 'pass'.padEnd(LABEL_WIDTH));
      out.push(`${layout.indent}${label}  ${result.ruleId.padEnd(layout.idWidth)}  ${result.message}`);
    }
    out.push('');
  }
  return out;
}

interface Parts {
  label: string;
  head: string;
  message: string;
  position: string;
  path: string;
  tail: string;
}

function parts(result: Result, printer: Printer, layout: Layout): Parts {
  const label = result.verdict === 'error' ? 'error' : result.severity;
  const { location } = result;
  const file = location && layout.withFile ? `${displayFile(location.file, printer.cwd)}:` : '';
  const position = location ? `${file}${location.line}:${location.column}` : '';
  return {
    label,
    head: `${layout.indent}${label.padEnd(LABEL_WIDTH)}  ${result.ruleId.padEnd(layout.idWidth)}  `,
    message: result.verdict === 'warn' ? `warning: ${result.message}` : result.message,
    position,
    path: result.path ?? '',
    tail: [position, result.path ?? ''].filter(Boolean).join('  '),
  };
}

function oneLine({ head, message, tail }: Parts): string {
  return tail ? `${head}${message}  ${tail}` : `${head}${message}`;
}

/**
 * `high      rule-id  message  29:11  spec.path` when the whole group fits on single lines;
 * otherwise the message (wrapped under itself if need be) and then `at 29:11  spec.path` below it.
 * Suppressed findings are dimmed and followed by `suppressed: <reason>`.
 */
function findingLines(result: Result, printer: Printer, layout: Layout): string[] {
  const { paint } = printer;
  const p = parts(result, printer, layout);
  const hang = layout.indent.length + LABEL_WIDTH + 2;
  const pad = ' '.repeat(hang);
  let lines = [oneLine(p)];
  if (layout.split) {
    // A wrapped message continues under itself while that leaves it room, else under the label.
    // A message continues under itself while that leaves it half the line; else it starts below the label.
    const message =
      p.head.length <= printer.width / 2
        ? wrap(p.message, printer.width, p.head.length, p.head.length).map((l, i) => (i === 0 ? p.head + l : l))
        : [p.head.trimEnd(), ...wrap(p.message, printer.width, hang).map((l, i) => (i === 0 ? pad + l : l))];
    lines = [...message, ...tailLines(p, pad, printer.width)];
  }
  if (result.suppressed) {
    const { by, reason, owner, expires } = result.suppressed;
    const how = by === 'config' ? 'rampart.yaml exception' : 'rampart.dev/ignore annotation';
    const details = [how, owner && `owner ${owner}`, expires && `expires ${expires}`].filter(Boolean).join(', ');
    const [first = '', ...rest] = wrap(`suppressed: ${reason} (${details})`, printer.width, hang + 2, hang);
    lines.push(pad + first, ...rest);
    return lines.map((line) => paint('dim', line));
  }
  // Colour only the label, which never wraps, so escape codes never split across lines.
  const style = result.verdict === 'error' ? 'error' : result.severity;
  const first = lines[0] ?? '';
  lines[0] = layout.indent + paint(style, p.label) + first.slice(layout.indent.length + p.label.length);
  return lines;
}

/** Rule ids line up within a group, unless one is so long that aligning would waste the line. */
function ruleWidth(results: readonly Result[]): number {
  let widest = 0;
  for (const result of results) widest = Math.max(widest, result.ruleId.length);
  return Math.min(MAX_ID_WIDTH, widest);
}

/** `12 skipped: <reason> (rule-a, rule-b)`, largest first: why checks did not run, without a line each. */
function skipSummary(results: readonly Result[], width: number): string[] {
  return skipReasons(results).map(({ reason, count, rules }) => {
    const named = rules.length > 3 ? `${rules.slice(0, 3).join(', ')} and ${rules.length - 3} more` : rules.join(', ');
    return wrap(`${count} skipped: ${reason} (${named})`, width, 4, 0).join('\n');
  });
}

function summaryLines(results: readonly Result[], context: ReportContext, printer: Printer): string[] {
  const { summary } = context;
  const { paint, width } = printer;
  const verdicts = SUMMARY_ORDER.map((v) => `${summary.verdicts[v]} ${v}`).join(', ');
  // A no-break space keeps each count with its severity when the line wraps, so the pair can be coloured.
  const severities = SEVERITIES.map((s) => `${summary.severities[s]}\u00a0${s}`).join(', ');
  const colour = (line: string) =>
    SEVERITIES.reduce((text, s) => {
      const count = summary.severities[s];
      return count > 0 ? text.replace(`${count}\u00a0${s}`, paint(s, `${count} ${s}`)) : text;
    }, line).replaceAll('\u00a0', ' ');
  const listed =
    results.some((r) => r.verdict === 'pass') && !context.showPassed ? ' (passes are counted, not listed)' : '';
  const resources = `${summary.resources} resource${summary.resources === 1 ? '' : 's'}`;
  const skipped = context.rulesSkipped.length;
  const rules = `${skipped} rule${skipped === 1 ? '' : 's'} skipped`;
  return [
    ...wrap(`Scanned ${resources}: ${verdicts}${listed}`, width, 2, 0),
    ...wrap(`Findings by severity: ${severities}`, width, 2, 0).map(colour),
    ...wrap(`${summary.suppressed} suppressed, score ${summary.score}/100, ${rules}`, width, 2, 0),
    ...complianceLines(context.compliance ?? [], width, paint),
  ];
}

/** `Kind/ns/name  file:line (template)`; the position goes below the name when both do not fit. */
function headerLines(group: ResourceGroup, printer: Printer, indent: string): string[] {
  const ref = formatRef(group.ref);
  const name = `${indent}${printer.paint('bold', ref)}`;
  const where = group.file === undefined ? '' : `${displayFile(group.file, printer.cwd)}:${group.line}`;
  const place = `${where}${group.template === undefined ? '' : ` (${group.template})`}`;
  if (place === '') return [name];
  if (indent.length + ref.length + 2 + place.length <= printer.width) return [`${name}  ${place}`];
  const [first = '', ...rest] = wrap(place, printer.width, indent.length + 4, indent.length + 2);
  return [name, `${indent}  ${first}`, ...rest];
}

/** `at 29:11  spec.path` below a wrapped message; the path gets its own line(s) when both do not fit. */
function tailLines(p: Parts, pad: string, width: number): string[] {
  if (!p.tail) return [];
  const line = `${pad}at ${p.tail}`;
  if (line.length <= width || !p.position || !p.path) return [line];
  return [`${pad}at ${p.position}`, ...pathLines(p.path, width, pad.length + 3)];
}

/** A field path too long for a line, broken before a `.` and continued two columns further in. */
function pathLines(path: string, width: number, indent: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const piece of path.split(/(?=\.)/)) {
    const room = width - indent - (lines.length > 0 ? 2 : 0);
    if (line !== '' && line.length + piece.length > room) {
      lines.push(line);
      line = piece;
    } else line += piece;
  }
  lines.push(line);
  return lines.map((l, i) => ' '.repeat(i === 0 ? indent : indent + 2) + l);
}

/** push(...lines) overflows the call stack past ~100k lines; a scan of 10,000 workloads has more. */
function append(out: string[], lines: readonly string[]): void {
  for (const line of lines) out.push(line);
}
