import { type Compliance, judgesWholeFramework, type SectionCoverage } from '../core/compliance.js';
import { type Paint, wrap } from './ansi.js';

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * What a framework score covers, then the score, then the failing controls. A percentage is
 * printed only where the rules judge the whole framework (the Pod Security Standards): a CIS
 * score over part of section 5 must never read as "CIS 100%".
 */
export function complianceLines(entries: readonly Compliance[], width: number, paint: Paint): string[] {
  const lines: string[] = [];
  const add = (text: string, indent: number) => {
    const [first = '', ...rest] = wrap(text, width, indent + 4, indent);
    lines.push(' '.repeat(indent) + first, ...rest);
  };
  for (const entry of entries) {
    add(headline(entry), 0);
    for (const section of entry.sections ?? []) add(sectionLine(entry, section), 2);
    for (const control of entry.controls.filter((c) => c.verdict === 'fail')) {
      const title = control.title ? ` ${control.title}` : '';
      const [first = '', ...rest] = wrap(
        `FAIL ${control.id}${title}: ${plural(control.failures, 'finding')} (${control.rules.join(', ')})`,
        width,
        4,
        2,
      );
      lines.push(`  ${paint('high', 'FAIL')}${first.slice('FAIL'.length)}`, ...rest);
    }
  }
  return lines;
}

function headline(entry: Compliance): string {
  const name = entry.benchmark
    ? `Compliance ${entry.framework} (${entry.benchmark.title} ${entry.benchmark.version})`
    : `Compliance ${entry.framework}`;
  return `${name}: ${scoreText(entry)}`;
}

/**
 * The score in words, shared by the table and the HTML report: a percentage only for a framework
 * judged whole; otherwise how many judged controls pass and how much of the framework was judged.
 */
export function scoreText(entry: Compliance): string {
  const unjudged = entry.controls.length - entry.evaluated;
  const idle = unjudged ? `, ${unjudged} had nothing in the input to judge` : '';
  if (entry.evaluated === 0) {
    const total = entry.benchmark ? ` of its ${entry.benchmark.controls}` : '';
    return `no control${total} judged${idle}, so no score`;
  }
  const score = `${entry.passing} of ${entry.evaluated} judged controls pass`;
  if (judgesWholeFramework(entry.framework)) return `${entry.percent}% (${score}${idle})`;
  if (entry.benchmark)
    return `${score}${idle}; ${entry.evaluated} of the benchmark's ${entry.benchmark.controls} controls judged, the rest are not scored`;
  return `${score}${idle}; only the controls Rampart's rules map to are judged, not the whole framework`;
}

/** `5 Policies: 20 of 35 controls judged, …; not judged: 5.1.7, 5.3.1` — or why a section was not judged at all. */
function sectionLine(entry: Compliance, section: SectionCoverage): string {
  const head = `${section.id} ${section.title}:`;
  const unjudged = (entry.notJudged ?? []).filter((c) => inSection(c.id, section.id));
  if (section.judgeable === 0) {
    const reasons = new Set(unjudged.map((c) => c.reason));
    const why = reasons.size === 1 ? `: ${[...reasons][0]}` : '';
    return `${head} none of ${plural(section.controls, 'control')} judged${why}`;
  }
  const idle = section.judgeable - section.evaluated;
  return [
    `${head} ${section.evaluated} of ${plural(section.controls, 'control')} judged, ${section.passing} pass`,
    ...(idle ? [`${idle} had nothing in the input to judge`] : []),
    ...(unjudged.length ? [`not judged: ${unjudged.map((c) => c.id).join(', ')} (-o json says why)`] : []),
  ].join('; ');
}

function inSection(controlId: string, sectionId: string): boolean {
  return controlId === sectionId || controlId.startsWith(`${sectionId}.`);
}
