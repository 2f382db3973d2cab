import type { Compliance } from '../core/compliance.js';
import type { Summary } from '../core/result.js';
import type { RuleMeta } from '../core/rule.js';

/** What every formatter may read besides the results. Formatters are `(results, context) => string`. */
export interface ReportContext {
  tool: { name: string; version: string };
  summary: Summary;
  /** Meta of every rule that ran (SARIF's rule table, JUnit's suites, docs links). */
  rules: readonly RuleMeta[];
  /** Rules that did not run, and why. */
  rulesSkipped: readonly { id: string; reason: string }[];
  /** Settings the verdicts depend on, echoed so a report explains itself. */
  settings: { pssLevel: string; pssVersion: string; failOn: string };
  /** Working directory; file locations are written relative to it where they lie below it. */
  cwd: string;
  /**
   * The directory SARIF locations are relative to: the repository root (or `--sarif-root`), so code
   * scanning links them whatever directory the scan ran in. The working directory when absent.
   */
  sourceRoot?: string;
  /** Colour output (only for TTYs, never with NO_COLOR). */
  color: boolean;
  /** Columns the table fits (`COLUMNS` or the terminal's width); absent: 120, as in logs and files. */
  width?: number;
  /** Table grouping. */
  groupBy: 'resource' | 'owner';
  /** Include `pass` results where the format lists results (they are always counted). */
  showPassed: boolean;
  /** Framework scores, when the scan was asked for them (`--framework`). */
  compliance?: readonly Compliance[];
}

export type Formatter = (results: readonly import('../core/result.js').Result[], context: ReportContext) => string;
