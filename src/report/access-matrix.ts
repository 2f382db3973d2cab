import type { AccessMatrix } from '../analyze/rbac/index.js';
import { formatColumns } from './columns.js';

/** The verbs that get a column of their own, in kubectl's order. */
export const VERB_COLUMNS = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete', 'deletecollection'];
/** One distinct header per verb column; `deletecollection` is too wide for a column of ✔ marks. */
const VERB_HEADERS: Readonly<Record<string, string>> = { deletecollection: 'DELCOLL' };

export function verbHeader(verb: string): string {
  return VERB_HEADERS[verb] ?? verb.toUpperCase();
}

/**
 * `rbac access` as a table: a ✔ per verb column when the matrix fits the width (or no width is
 * set), else one VERBS column listing them, so a narrow terminal still reads every resource whole.
 */
export function formatAccessMatrix(matrix: AccessMatrix, width?: number): string {
  const scope = (namespace: string) => (namespace === '*' ? '(all)' : namespace);
  const resourceOf = (row: AccessMatrix['rows'][number]) =>
    `${row.resource}${row.apiGroup ? `.${row.apiGroup}` : ''}${row.resourceNames ? ` [${row.resourceNames.join(',')}]` : ''}`;
  const grid: string[][] = [['NAMESPACE', 'RESOURCE', ...VERB_COLUMNS.map(verbHeader), 'OTHER']];
  const list: string[][] = [['NAMESPACE', 'RESOURCE', 'VERBS']];
  for (const row of matrix.rows) {
    const all = row.verbs.includes('*');
    const cells = VERB_COLUMNS.map((verb) => (all || row.verbs.includes(verb) ? '✔' : ''));
    const other = all ? '*' : row.verbs.filter((v) => !VERB_COLUMNS.includes(v)).join(',');
    grid.push([scope(row.namespace), resourceOf(row), ...cells, other]);
    list.push([scope(row.namespace), resourceOf(row), row.verbs.join(',')]);
  }
  for (const row of matrix.nonResource) {
    grid.push(['(url)', row.url, ...VERB_COLUMNS.map(() => ''), row.verbs.join(',')]);
    list.push(['(url)', row.url, row.verbs.join(',')]);
  }
  const full = formatColumns(grid);
  const fits = width === undefined || full.split('\n').every((line) => line.length <= width);
  return fits ? full : formatColumns(list, width);
}
