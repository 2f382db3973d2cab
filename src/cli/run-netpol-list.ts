import {
  AnalysisTooLarge,
  analyze,
  bounded,
  connLines,
  DEFAULT_MAX_LINES,
  groupedLines,
} from '../analyze/netpol/index.js';
import { formatList, LIST_FORMATS, type ListFormat } from '../report/index.js';
import { EXIT, type Io, UsageError } from './io.js';
import type { NetpolListFlags } from './netpol.js';
import { inputExit, loadModel } from './run-netpol-load.js';

/**
 * `rampart netpol list`: exit 0 with the list, 2 on input errors (the list is still printed) or
 * when the list reached --max-lines (it is cut there, still well-formed), 3 when empty.
 */
export async function runList(paths: string[], flags: NetpolListFlags, io: Io): Promise<number> {
  if (!(LIST_FORMATS as readonly string[]).includes(flags.output)) {
    throw new UsageError(`netpol list: unknown output format "${flags.output}"; use ${LIST_FORMATS.join(', ')}`);
  }
  const max = flags.maxLines === undefined ? DEFAULT_MAX_LINES : Number(flags.maxLines);
  if (!Number.isSafeInteger(max) || max < 1) throw new UsageError('netpol list: --max-lines takes a positive integer');
  const loaded = await loadModel(paths, flags, io);
  const early = loaded.model.workloads.length === 0 ? inputExit(loaded, io) : undefined;
  if (early !== undefined) return early;
  let connectivity: ReturnType<typeof analyze>;
  try {
    connectivity = analyze(loaded.model);
  } catch (error) {
    if (!(error instanceof AnalysisTooLarge)) throw error;
    io.stderr.write(`rampart: netpol list: ${error.message}\n`);
    return EXIT.error;
  }
  const list = bounded(flags.perPair ? connLines(connectivity) : groupedLines(connectivity), max);
  for (const chunk of formatList(list.lines, flags.output as ListFormat)) io.stdout.write(chunk);
  if (list.reached()) {
    io.stderr.write(
      `rampart: netpol list: stopped after ${max.toLocaleString('en')} lines (--max-lines); the list is longer: raise the bound, or list fewer namespaces at a time\n`,
    );
    return EXIT.error;
  }
  return inputExit(loaded, io) ?? EXIT.clean;
}
