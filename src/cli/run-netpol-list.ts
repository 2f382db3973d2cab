import { analyze, connLines } from '../analyze/netpol/index.js';
import { formatList, LIST_FORMATS, type ListFormat } from '../report/index.js';
import { EXIT, type Io, UsageError } from './io.js';
import type { NetpolListFlags } from './netpol.js';
import { inputExit, loadModel } from './run-netpol-load.js';

/** `rampart netpol list`: exit 0 with the list, 2 on input errors (the list is still printed), 3 when empty. */
export async function runList(paths: string[], flags: NetpolListFlags, io: Io): Promise<number> {
  if (!(LIST_FORMATS as readonly string[]).includes(flags.output)) {
    throw new UsageError(`netpol list: unknown output format "${flags.output}"; use ${LIST_FORMATS.join(', ')}`);
  }
  const loaded = await loadModel(paths, flags, io);
  const early = loaded.model.workloads.length === 0 ? inputExit(loaded, io) : undefined;
  if (early !== undefined) return early;
  const connectivity = analyze(loaded.model);
  for (const chunk of formatList(connLines(connectivity), flags.output as ListFormat)) io.stdout.write(chunk);
  return inputExit(loaded, io) ?? EXIT.clean;
}
