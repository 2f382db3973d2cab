import type { Compliance } from '../core/compliance.js';
import type { ReportContext } from './context.js';
import { scoreRing, stackedBar } from './html-charts.js';
import { scoreText } from './table-compliance.js';
import { attributes, escapeText } from './xml.js';

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** The score, what was scanned, and the settings the verdicts depend on. */
export function scoreSection(context: ReportContext): string {
  const { summary, settings } = context;
  const v = summary.verdicts;
  const facts: [string, string][] = [
    ['resources scanned', String(summary.resources)],
    ['failing checks', String(v.fail)],
    ['warnings', String(v.warn)],
    ['could not judge (errors)', String(v.error)],
    ['skipped', String(v.skip)],
    ['passing checks', String(v.pass)],
    ['suppressed by exceptions', String(summary.suppressed)],
    ['rules not run', String(context.rulesSkipped.length)],
  ];
  const list = facts.map(([name, value]) => `<div><dt>${escapeText(name)}</dt><dd>${escapeText(value)}</dd></div>`);
  return [
    '<section id="score" class="card score">',
    scoreRing(summary.score),
    '<div>',
    `<h2>Score <span${attributes({ id: 'score-value' })}>${summary.score}</span>/100</h2>`,
    '<p class="muted">Share of rule × resource checks that passed, weighted by severity (critical 10, high 6, medium 3, low 1).</p>',
    `<dl class="facts">${list.join('')}</dl>`,
    `<p class="muted">Pod Security Standards ${escapeText(settings.pssLevel)} (${escapeText(settings.pssVersion)}); fails the build at ${escapeText(settings.failOn)}.</p>`,
    '</div>',
    '</section>',
  ].join('');
}

/** One block per framework: what it covers, the score over what was judged, and every control accounted for. */
export function complianceSection(entries: readonly Compliance[]): string {
  if (entries.length === 0) return '';
  return [
    '<section id="compliance" class="card">',
    '<h2>Compliance</h2>',
    ...entries.map(framework),
    '</section>',
  ].join('');
}

function framework(entry: Compliance): string {
  const title = entry.benchmark ? `${entry.benchmark.title} ${entry.benchmark.version}` : entry.framework;
  const failing = entry.evaluated - entry.passing;
  const idle = entry.controls.length - entry.evaluated;
  const segments = [
    { label: 'judged, pass', value: entry.passing, tone: 'pass' },
    { label: 'judged, fail', value: failing, tone: 'fail' },
    { label: 'nothing in the input to judge', value: idle, tone: 'idle' },
    ...(entry.notJudged ? [{ label: 'not judged', value: entry.notJudged.length, tone: 'unjudged' }] : []),
  ];
  return [
    `<article${attributes({ class: 'framework', 'data-framework': entry.framework })}>`,
    `<h3>${escapeText(title)} <span class="muted">--framework ${escapeText(entry.framework)}</span></h3>`,
    `<p class="headline">${escapeText(scoreText(entry))}</p>`,
    stackedBar(`${title}: controls by outcome`, segments),
    sectionsTable(entry),
    controlsTable(entry),
    notJudgedTable(entry),
    '</article>',
  ].join('');
}

function sectionsTable(entry: Compliance): string {
  if (!entry.sections) return '';
  const rows = entry.sections.map((section) => {
    const unjudged = (entry.notJudged ?? []).filter((c) => c.id.startsWith(`${section.id}.`) || c.id === section.id);
    const reasons = new Set(unjudged.map((c) => c.reason));
    const why =
      section.judgeable === 0 && reasons.size === 1
        ? [...reasons][0]
        : unjudged.length
          ? `${unjudged.map((c) => c.id).join(', ')}: see below`
          : '';
    return `<tr><td>${escapeText(`${section.id} ${section.title}`)}</td><td class="num">${section.controls}</td><td class="num">${section.evaluated}</td><td class="num">${section.passing}</td><td>${escapeText(why ?? '')}</td></tr>`;
  });
  return [
    '<table class="sections"><thead><tr><th>Section</th><th class="num">Controls</th><th class="num">Judged</th><th class="num">Pass</th><th>Why not judged</th></tr></thead>',
    `<tbody>${rows.join('')}</tbody></table>`,
  ].join('');
}

function controlsTable(entry: Compliance): string {
  if (entry.controls.length === 0) return '';
  const rows = entry.controls.map((control) => {
    const verdict = control.verdict === 'skip' ? 'nothing to judge' : control.verdict;
    return `<tr${attributes({ class: `control ${control.verdict}` })}><td>${escapeText(control.id)}</td><td>${escapeText(
      control.title ?? '',
    )}</td><td><span${attributes({ class: `verdict ${control.verdict}` })}>${escapeText(verdict)}</span></td><td class="num">${
      control.failures
    }</td><td>${escapeText(control.rules.join(', '))}</td></tr>`;
  });
  return [
    `<details${entry.controls.some((c) => c.verdict === 'fail') ? ' open' : ''}><summary>${plural(entry.controls.length, 'control')} with rules in this scan</summary>`,
    '<table class="controls"><thead><tr><th>Control</th><th>Asks for</th><th>Verdict</th><th class="num">Findings</th><th>Rules</th></tr></thead>',
    `<tbody>${rows.join('')}</tbody></table></details>`,
  ].join('');
}

function notJudgedTable(entry: Compliance): string {
  if (!entry.notJudged?.length) return '';
  const rows = entry.notJudged.map(
    (control) => `<tr><td>${escapeText(control.id)}</td><td>${escapeText(control.reason)}</td></tr>`,
  );
  return [
    `<details><summary>${plural(entry.notJudged.length, 'control')} not judged, and why</summary>`,
    '<table class="not-judged"><thead><tr><th>Control</th><th>Why</th></tr></thead>',
    `<tbody>${rows.join('')}</tbody></table></details>`,
  ].join('');
}
