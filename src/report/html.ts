import { createHash } from 'node:crypto';
import { formatRef } from '../core/resource.js';
import type { Result } from '../core/result.js';
import { OWNER_TITLES, OWNERS, type RuleMeta } from '../core/rule.js';
import { SEVERITIES, severityRank } from '../core/severity.js';
import type { ReportContext } from './context.js';
import { displayFile } from './files.js';
import { SCRIPT, STYLE } from './html-assets.js';
import { type Bar, barChart } from './html-charts.js';
import { complianceSection, scoreSection } from './html-summary.js';
import { ruleDocsUrl } from './links.js';
import { isFinding, skipReasons } from './table-groups.js';
import { attributes, escapeText } from './xml.js';

/** Rows the findings table lists; the counts and charts always cover every finding. */
export const MAX_ROWS = 10_000;
/** Namespaces charted one by one; the rest share a bar. */
const TOP_NAMESPACES = 10;

const sha256 = (text: string) => createHash('sha256').update(text).digest('base64');
/** Nothing may load or run but the page's own style and script: no network, no injected markup. */
const CSP = [
  "default-src 'none'",
  `style-src 'sha256-${sha256(STYLE)}'`,
  `script-src 'sha256-${sha256(SCRIPT)}'`,
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

const NO_RESOURCE = '(no resource)';
const CLUSTER_SCOPED = '(cluster-scoped)';
const UNASSIGNED = 'unassigned';

/**
 * `-o html=report.html`: one self-contained page — score, framework compliance, findings charted
 * by severity, owner and namespace, and every finding with its fix, filterable in the page. Every
 * value from the input is escaped; a Secret's data never reaches results, so never the page.
 */
export function formatHtml(results: readonly Result[], context: ReportContext): string {
  const findings = results.filter(isFinding).sort(worstFirst);
  const live = findings.filter((r) => !r.suppressed);
  const metas = new Map(context.rules.map((meta) => [meta.id, meta]));
  const title = `Rampart report: ${live.length} finding${live.length === 1 ? '' : 's'} in ${context.summary.resources} resource${context.summary.resources === 1 ? '' : 's'}`;
  return [
    '<!DOCTYPE html>',
    '<html lang="en"><head><meta charset="utf-8">',
    // The policy is Rampart's own constant (no input in it), written as is to stay readable.
    `<meta http-equiv="Content-Security-Policy" content="${CSP}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<meta name="generator"${attributes({ content: `${context.tool.name} ${context.tool.version}` })}>`,
    `<title>${escapeText(title)}</title>`,
    `<style>${STYLE}</style>`,
    '</head><body>',
    `<header class="top"><h1>${escapeText(title)}</h1><p>${escapeText(`${context.tool.name} ${context.tool.version}`)}</p></header>`,
    '<main>',
    scoreSection(context),
    complianceSection(context.compliance ?? []),
    chartsSection(live),
    findingsSection(findings, metas, context),
    skipsSection(results, context),
    '</main>',
    `<script>${SCRIPT}</script>`,
    '</body></html>',
    '',
  ].join('\n');
}

/** Could-not-judge first, then by severity; ties keep the engine's order (sort is stable). */
function worstFirst(a: Result, b: Result): number {
  const rank = (r: Result) => (r.verdict === 'error' ? 99 : severityRank(r.severity));
  return Number(Boolean(a.suppressed)) - Number(Boolean(b.suppressed)) || rank(b) - rank(a);
}

const severityOf = (r: Result) => (r.verdict === 'error' ? 'error' : r.severity);
const ownerOf = (r: Result) => r.owner ?? UNASSIGNED;
const namespaceOf = (r: Result) => (r.resource ? (r.resource.namespace ?? CLUSTER_SCOPED) : NO_RESOURCE);
const ownerTitle = (owner: string) =>
  owner === UNASSIGNED ? UNASSIGNED : OWNER_TITLES[owner as keyof typeof OWNER_TITLES];

function count(results: readonly Result[], key: (r: Result) => string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const result of results) counts.set(key(result), (counts.get(key(result)) ?? 0) + 1);
  return counts;
}

function chartsSection(live: readonly Result[]): string {
  const severities = count(live, severityOf);
  const bySeverity: Bar[] = [...SEVERITIES, 'error' as const].map((s) => ({
    label: s === 'error' ? 'could not judge' : s,
    value: severities.get(s) ?? 0,
    tone: `sev-${s}`,
    filter: { key: 'severity', value: s },
  }));
  const owners = count(live, ownerOf);
  const byOwner: Bar[] = [...OWNERS, UNASSIGNED]
    .filter((o) => owners.has(o) || o !== UNASSIGNED)
    .map((o) => ({
      label: ownerTitle(o),
      value: owners.get(o) ?? 0,
      tone: 'tone-owner',
      filter: { key: 'owner', value: o },
    }));
  const namespaces = [...count(live, namespaceOf)].sort(([a, x], [b, y]) => y - x || (a < b ? -1 : a > b ? 1 : 0));
  const byNamespace: Bar[] = namespaces.slice(0, TOP_NAMESPACES).map(([ns, n]) => ({
    label: ns,
    value: n,
    tone: 'tone-namespace',
    filter: { key: 'namespace', value: ns },
  }));
  const rest = namespaces.slice(TOP_NAMESPACES);
  if (rest.length)
    byNamespace.push({
      label: `${rest.length} more namespaces`,
      value: rest.reduce((sum, [, n]) => sum + n, 0),
      tone: 'tone-namespace',
    });
  return [
    '<section id="charts" class="card"><h2>Findings</h2><div class="charts">',
    barChart('By severity', bySeverity),
    barChart('By owner', byOwner),
    barChart('By namespace', byNamespace),
    '</div></section>',
  ].join('');
}

function options(name: string, label: string, values: readonly [string, string][]): string {
  const list = values.map(([value, text]) => `<option${attributes({ value })}>${escapeText(text)}</option>`).join('');
  return `<label>${escapeText(label)}<select${attributes({ id: `filter-${name}` })}><option value="">all</option>${list}</select></label>`;
}

function findingsSection(
  findings: readonly Result[],
  metas: ReadonlyMap<string, RuleMeta>,
  context: ReportContext,
): string {
  const listed = findings.slice(0, MAX_ROWS);
  const live = findings.filter((r) => !r.suppressed).length;
  const suppressed = findings.length - live;
  const sorted = (values: Iterable<string>) => [...new Set(values)].sort();
  const severities = [...SEVERITIES, 'error'].filter((s) => findings.some((r) => severityOf(r) === s));
  const filters = [
    '<div class="filters" role="search">',
    options(
      'severity',
      'Severity',
      severities.map((s) => [s, s === 'error' ? 'could not judge' : s]),
    ),
    options(
      'owner',
      'Owner',
      sorted(findings.map(ownerOf)).map((o) => [o, ownerTitle(o)]),
    ),
    options(
      'namespace',
      'Namespace',
      sorted(findings.map(namespaceOf)).map((n) => [n, n]),
    ),
    options(
      'rule',
      'Rule',
      sorted(findings.map((r) => r.ruleId)).map((id) => [id, id]),
    ),
    '<label>Text<input type="search" id="filter-text" placeholder="name, message, path…"></label>',
    `<label class="check"><input type="checkbox" id="filter-suppressed">include ${suppressed} suppressed</label>`,
    '<button type="button" id="filter-reset">Reset</button>',
    '</div>',
  ].join('');
  const capped =
    findings.length > listed.length
      ? `<p class="note">The table lists the ${listed.length} most severe of ${findings.length} findings; counts and charts cover all of them, and <code>-o json</code> lists every one.</p>`
      : '';
  const rows = listed.map((result) => findingRow(result, metas, context)).join('\n');
  return [
    '<section id="findings" class="card">',
    `<h2>Every finding, with its fix <span class="muted">showing <span id="shown-count">${live}</span> of ${findings.length}</span></h2>`,
    filters,
    capped,
    '<table id="findings-table"><thead><tr><th>Severity</th><th>Rule</th><th>Resource</th><th>Where</th><th>Finding and fix</th><th>Owner</th></tr></thead>',
    `<tbody>\n${rows}\n</tbody></table>`,
    '<p id="no-match" class="muted" hidden>No finding matches these filters.</p>',
    '</section>',
  ].join('\n');
}

function findingRow(result: Result, metas: ReadonlyMap<string, RuleMeta>, context: ReportContext): string {
  const severity = severityOf(result);
  const meta = metas.get(result.ruleId);
  const { location, resource, suppressed } = result;
  const where = location ? `${displayFile(location.file, context.cwd)}:${location.line}:${location.column}` : '';
  const message = result.verdict === 'warn' ? `warning: ${result.message}` : result.message;
  const row = attributes({
    class: `finding${suppressed ? ' suppressed' : ''}`,
    'data-severity': severity,
    'data-owner': ownerOf(result),
    'data-namespace': namespaceOf(result),
    'data-rule': result.ruleId,
    'data-suppressed': suppressed ? 'true' : 'false',
  });
  const note = suppressed
    ? `<p class="muted">Suppressed by ${suppressed.by === 'config' ? 'a rampart.yaml exception' : 'a rampart.dev/ignore annotation'}: ${escapeText(
        suppressed.reason,
      )}${suppressed.owner ? escapeText(`, owner ${suppressed.owner}`) : ''}${suppressed.expires ? escapeText(`, expires ${suppressed.expires}`) : ''}</p>`
    : '';
  return [
    `<tr${row}>`,
    `<td><span${attributes({ class: `badge ${severity}` })}>${escapeText(severity === 'error' ? 'error' : severity)}</span></td>`,
    `<td><span class="rule">${escapeText(result.ruleId)}</span>${meta ? `<br><span class="muted">${escapeText(meta.title)}</span>` : ''}</td>`,
    `<td>${resource ? escapeText(formatRef(resource)) : '<span class="muted">(input)</span>'}</td>`,
    `<td class="where">${escapeText(where)}${result.path ? `<br>${escapeText(result.path)}` : ''}</td>`,
    `<td>${escapeText(message)}${note}${fixDetails(result, meta)}</td>`,
    `<td>${escapeText(ownerTitle(ownerOf(result)))}</td>`,
    '</tr>',
  ].join('');
}

function fixDetails(result: Result, meta: RuleMeta | undefined): string {
  const parts: string[] = [];
  if (result.remediation) parts.push(`<p>${escapeText(result.remediation)}</p>`);
  if (result.fix) {
    const ops = result.fix.operations.map((op) => {
      const path = op.path.join('.');
      if (op.op === 'remove') return `remove ${path}`;
      return op.op === 'set'
        ? `set ${path} = ${JSON.stringify(op.value)}`
        : `add ${JSON.stringify(op.value)} to ${path}`;
    });
    parts.push(
      `<p>Automatic fix (<code>rampart fix</code>): ${escapeText(result.fix.description)}</p><pre>${escapeText(ops.join('\n'))}</pre>`,
    );
  }
  const docs = meta ? (meta.helpUri ?? ruleDocsUrl(meta.id)) : undefined;
  if (docs)
    parts.push(
      `<p><a${attributes({ href: docs, rel: 'noopener noreferrer' })}>About ${escapeText(result.ruleId)}</a></p>`,
    );
  if (parts.length === 0) return '';
  return `<details class="fix"><summary>How to fix</summary>${parts.join('')}</details>`;
}

/** Checks that did not run on some resources, by reason, and rules that did not run at all. */
function skipsSection(results: readonly Result[], context: ReportContext): string {
  const reasons = skipReasons(results);
  if (reasons.length === 0 && context.rulesSkipped.length === 0) return '';
  const skipRows = reasons.map(
    ({ reason, count: n, rules }) =>
      `<tr><td class="num">${n}</td><td>${escapeText(reason)}</td><td class="rule">${escapeText(rules.join(', '))}</td></tr>`,
  );
  const ruleRows = context.rulesSkipped.map(
    ({ id, reason }) => `<tr><td class="rule">${escapeText(id)}</td><td>${escapeText(reason)}</td></tr>`,
  );
  return [
    '<section id="skipped" class="card"><h2>Not judged</h2>',
    skipRows.length
      ? `<table><thead><tr><th class="num">Skips</th><th>Reason</th><th>Rules</th></tr></thead><tbody>${skipRows.join('')}</tbody></table>`
      : '',
    ruleRows.length
      ? `<details><summary>${ruleRows.length} rule${ruleRows.length === 1 ? '' : 's'} did not run</summary><table><thead><tr><th>Rule</th><th>Why</th></tr></thead><tbody>${ruleRows.join('')}</tbody></table></details>`
      : '',
    '</section>',
  ].join('');
}
