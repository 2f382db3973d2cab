/**
 * The HTML report's style and script, inlined into the page (no CDN, no web font, no request).
 * The page's Content-Security-Policy admits exactly these two by hash, so markup that slipped
 * through escaping still could not run a script or load anything.
 */

export const STYLE = `
:root { color-scheme: light; --fg: #1d2330; --muted: #5b6474; --line: #d9dde5; --bg: #f5f6f8; --card: #fff;
  --critical: #8e1020; --high: #d0392b; --medium: #d98a00; --low: #2f7fb8; --info: #7a8494; --error: #8f3fb0;
  --pass: #2e8b57; --fail: #d0392b; --idle: #b8bfca; --unjudged: #eceef2; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  color: var(--fg); background: var(--bg); }
header.top { background: #1d2330; color: #fff; padding: 16px 24px; }
header.top h1 { margin: 0; font-size: 20px; }
header.top p { margin: 4px 0 0; color: #c9cfda; }
main { max-width: 1280px; margin: 0 auto; padding: 16px 24px 48px; }
.card { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 16px 20px; margin: 16px 0; }
h2 { font-size: 18px; margin: 0 0 8px; }
h3 { font-size: 16px; margin: 16px 0 6px; }
.muted { color: var(--muted); font-weight: normal; }
.score { display: flex; gap: 24px; align-items: center; }
.ring { width: 120px; height: 120px; flex: none; }
.ring-track { fill: none; stroke: var(--unjudged); stroke-width: 10; }
.ring-value { fill: none; stroke-width: 10; stroke-linecap: round; }
.ring-value.good { stroke: var(--pass); } .ring-value.fair { stroke: var(--medium); } .ring-value.poor { stroke: var(--high); }
.ring-text { font-size: 24px; font-weight: 600; fill: var(--fg); }
.facts { display: grid; grid-template-columns: repeat(auto-fill, minmax(170px, 1fr)); gap: 4px 16px; margin: 8px 0; }
.facts div { display: flex; justify-content: space-between; border-bottom: 1px dotted var(--line); }
.facts dt { color: var(--muted); } .facts dd { margin: 0; font-weight: 600; }
.charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(320px, 1fr)); gap: 16px; }
.chart-box { margin: 0; } .chart-box figcaption { font-weight: 600; margin-bottom: 4px; }
svg.chart { width: 100%; height: auto; }
svg.chart .label, svg.chart .value { font-size: 12px; fill: var(--fg); }
svg.chart .track { fill: var(--bg); }
svg.chart .filterable { cursor: pointer; } svg.chart .filterable:hover .label { text-decoration: underline; }
svg.chart .filterable:focus { outline: 2px solid var(--low); }
.sev-critical { fill: var(--critical); } .sev-high { fill: var(--high); } .sev-medium { fill: var(--medium); }
.sev-low { fill: var(--low); } .sev-info { fill: var(--info); } .sev-error { fill: var(--error); }
.tone-owner { fill: #4a6fa5; } .tone-namespace { fill: #5a8f7b; }
.pass { fill: var(--pass); } .fail { fill: var(--fail); } .idle { fill: var(--idle); } .unjudged { fill: var(--unjudged); stroke: var(--line); }
.coverage svg.stacked { width: 100%; height: 18px; }
.legend { list-style: none; padding: 0; margin: 6px 0; display: flex; flex-wrap: wrap; gap: 4px 16px; }
.swatch { width: 10px; height: 10px; margin-right: 6px; vertical-align: -1px; }
.headline { font-weight: 600; }
table { border-collapse: collapse; width: 100%; margin: 8px 0; }
th, td { text-align: left; vertical-align: top; padding: 5px 8px; border-bottom: 1px solid var(--line); }
th { background: var(--bg); font-weight: 600; }
td.num, th.num { text-align: right; }
.verdict { font-weight: 600; } .verdict.fail { color: var(--fail); } .verdict.pass { color: var(--pass); } .verdict.skip { color: var(--muted); }
.filters { display: flex; flex-wrap: wrap; gap: 8px 12px; align-items: end; margin: 8px 0 12px; }
.filters label { display: flex; flex-direction: column; font-size: 12px; color: var(--muted); }
.filters select, .filters input[type=search] { font: inherit; padding: 4px 6px; min-width: 140px; }
.filters .check { flex-direction: row; gap: 6px; align-items: center; }
.badge { display: inline-block; min-width: 64px; padding: 1px 6px; border-radius: 4px; color: #fff; font-size: 12px;
  font-weight: 600; text-align: center; }
.badge.critical { background: var(--critical); } .badge.high { background: var(--high); } .badge.medium { background: var(--medium); }
.badge.low { background: var(--low); } .badge.info { background: var(--info); } .badge.error { background: var(--error); }
tr.suppressed td { color: var(--muted); }
.rule { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12px; }
.where { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12px; overflow-wrap: anywhere;
  min-width: 180px; }
details.fix summary { cursor: pointer; color: var(--low); }
details.fix pre { white-space: pre-wrap; background: var(--bg); padding: 6px 8px; border-radius: 4px; margin: 4px 0; }
.note { background: #fff6e0; border: 1px solid #f0d48a; border-radius: 6px; padding: 6px 10px; }
@media print { .filters { display: none; } details { display: block; } body { background: #fff; } }
`;

/** Filters the findings table in the page itself: no server, no network. */
export const SCRIPT = `
(function () {
  'use strict';
  var table = document.getElementById('findings-table');
  if (!table) return;
  var rows = Array.prototype.slice.call(table.querySelectorAll('tbody tr.finding'));
  var fields = ['severity', 'owner', 'namespace', 'rule'];
  var controls = {};
  fields.forEach(function (name) { controls[name] = document.getElementById('filter-' + name); });
  var text = document.getElementById('filter-text');
  var suppressed = document.getElementById('filter-suppressed');
  var shown = document.getElementById('shown-count');
  var none = document.getElementById('no-match');
  var haystack = rows.map(function (row) { return row.textContent.toLowerCase(); });
  function apply() {
    var needle = text.value.trim().toLowerCase();
    var count = 0;
    rows.forEach(function (row, i) {
      var visible = fields.every(function (name) {
        var wanted = controls[name].value;
        return wanted === '' || row.getAttribute('data-' + name) === wanted;
      });
      if (visible && !suppressed.checked && row.getAttribute('data-suppressed') === 'true') visible = false;
      if (visible && needle !== '' && haystack[i].indexOf(needle) === -1) visible = false;
      row.hidden = !visible;
      if (visible) count++;
    });
    shown.textContent = String(count);
    none.hidden = count !== 0;
  }
  fields.forEach(function (name) { controls[name].addEventListener('change', apply); });
  text.addEventListener('input', apply);
  suppressed.addEventListener('change', apply);
  document.getElementById('filter-reset').addEventListener('click', function () {
    fields.forEach(function (name) { controls[name].value = ''; });
    text.value = '';
    suppressed.checked = false;
    apply();
  });
  function choose(element) {
    var control = controls[element.getAttribute('data-filter')];
    if (!control) return;
    control.value = element.getAttribute('data-value');
    apply();
    table.scrollIntoView({ block: 'start' });
  }
  Array.prototype.forEach.call(document.querySelectorAll('[data-filter]'), function (element) {
    element.addEventListener('click', function () { choose(element); });
    element.addEventListener('keydown', function (event) {
      if (event.key === 'Enter' || event.key === ' ') { event.preventDefault(); choose(element); }
    });
  });
  apply();
})();
`;
