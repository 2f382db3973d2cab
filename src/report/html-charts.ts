import { attributes, escapeText } from './xml.js';

/** One bar; clicking it sets the findings filter `filter` to `value`. */
export interface Bar {
  label: string;
  value: number;
  /** CSS class giving the bar its colour. */
  tone: string;
  filter?: { key: string; value: string };
}

const ROW = 24;
const LABEL = 170;
const TRACK = 160;
const WIDTH = LABEL + TRACK + 50;
/** Labels longer than this are shortened on the chart; the full text is in the bar's tooltip and the filters. */
const LABEL_CHARS = 22;

/**
 * A horizontal bar chart as inline SVG: no script, no network, scales with the page. Bars that
 * filter the findings table are focusable buttons for keyboard users too.
 */
export function barChart(title: string, bars: readonly Bar[]): string {
  const max = Math.max(1, ...bars.map((b) => b.value));
  const height = Math.max(1, bars.length) * ROW;
  const rows = bars.map((bar, i) => {
    const y = i * ROW;
    const length = bar.value === 0 ? 0 : Math.max(2, Math.round((TRACK * bar.value) / max));
    const label = bar.label.length > LABEL_CHARS ? `${bar.label.slice(0, LABEL_CHARS - 1)}…` : bar.label;
    const interactive = bar.filter
      ? attributes({
          class: 'bar filterable',
          role: 'button',
          tabindex: 0,
          'data-filter': bar.filter.key,
          'data-value': bar.filter.value,
          'aria-label': `${bar.label}: ${bar.value}; show these findings`,
        })
      : attributes({ class: 'bar' });
    return [
      `<g${interactive}>`,
      `<title>${escapeText(`${bar.label}: ${bar.value}`)}</title>`,
      `<text${attributes({ x: LABEL - 8, y: y + 16, class: 'label', 'text-anchor': 'end' })}>${escapeText(label)}</text>`,
      `<rect${attributes({ x: LABEL, y: y + 4, width: TRACK, height: ROW - 8, class: 'track' })}/>`,
      `<rect${attributes({ x: LABEL, y: y + 4, width: length, height: ROW - 8, class: bar.tone })}/>`,
      `<text${attributes({ x: LABEL + length + 6, y: y + 16, class: 'value' })}>${bar.value}</text>`,
      '</g>',
    ].join('');
  });
  const svg = attributes({
    class: 'chart',
    viewBox: `0 0 ${WIDTH} ${height}`,
    role: 'img',
    'aria-label': title,
  });
  const body = bars.length ? rows.join('') : '';
  return `<figure class="chart-box"><figcaption>${escapeText(title)}</figcaption><svg${svg}>${body}</svg>${
    bars.length ? '' : '<p class="muted">nothing to chart</p>'
  }</figure>`;
}

/** Segments of one bar across a whole, e.g. a benchmark's controls: judged and passing, failing, not judged. */
export interface Segment {
  label: string;
  value: number;
  tone: string;
}

export function stackedBar(title: string, segments: readonly Segment[]): string {
  const total = Math.max(
    1,
    segments.reduce((sum, s) => sum + s.value, 0),
  );
  let x = 0;
  const rects = segments.map((segment) => {
    const width = (WIDTH * segment.value) / total;
    const rect = `<rect${attributes({ x: x.toFixed(2), y: 0, width: width.toFixed(2), height: 16, class: segment.tone })}><title>${escapeText(
      `${segment.label}: ${segment.value}`,
    )}</title></rect>`;
    x += width;
    return rect;
  });
  const legend = segments
    .map(
      (s) =>
        `<li><svg class="swatch" viewBox="0 0 10 10" aria-hidden="true"><rect width="10" height="10"${attributes({ class: s.tone })}/></svg>${escapeText(
          `${s.label}: ${s.value}`,
        )}</li>`,
    )
    .join('');
  const svg = attributes({
    class: 'stacked',
    viewBox: `0 0 ${WIDTH} 16`,
    preserveAspectRatio: 'none',
    role: 'img',
    'aria-label': title,
  });
  return `<div class="coverage"><svg${svg}>${rects.join('')}</svg><ul class="legend">${legend}</ul></div>`;
}

/** The score as a ring: how much of the weighted checks passed. */
export function scoreRing(score: number): string {
  const radius = 42;
  const circumference = 2 * Math.PI * radius;
  const filled = (circumference * Math.max(0, Math.min(100, score))) / 100;
  const tone = score >= 90 ? 'good' : score >= 70 ? 'fair' : 'poor';
  return [
    `<svg class="ring" viewBox="0 0 100 100" role="img"${attributes({ 'aria-label': `score ${score} of 100` })}>`,
    '<circle class="ring-track" cx="50" cy="50" r="42"/>',
    `<circle${attributes({
      class: `ring-value ${tone}`,
      cx: 50,
      cy: 50,
      r: radius,
      'stroke-dasharray': `${filled.toFixed(2)} ${circumference.toFixed(2)}`,
      transform: 'rotate(-90 50 50)',
    })}/>`,
    `<text x="50" y="55" text-anchor="middle" class="ring-text">${escapeText(String(score))}</text>`,
    '</svg>',
  ].join('');
}
