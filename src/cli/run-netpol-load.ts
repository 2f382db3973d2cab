import { buildModel, type NetpolModel } from '../analyze/netpol/index.js';
import { locate } from '../core/engine.js';
import type { Resource } from '../core/resource.js';
import type { Result } from '../core/result.js';
import { loadInputs } from '../load/index.js';
import { clusterInput, requireInput } from './cluster-input.js';
import { EXIT, type Io } from './io.js';
import type { NetpolInputFlags } from './netpol.js';
import { namespaceFlag } from './setting-flags.js';

export interface LoadedModel {
  model: NetpolModel;
  resources: readonly Resource[];
  /** Loader problems (unreadable files, bad YAML) as results, for outputs that carry them. */
  loadProblems: Result[];
  /** Input the API server or the loader would refuse: the run must exit 2. */
  failed: boolean;
}

/**
 * Loads manifests and builds the netpol model, printing every input problem to stderr with
 * its file and line. Shared by the netpol subcommands so they report input the same way.
 */
export async function loadModel(paths: readonly string[], flags: NetpolInputFlags, io: Io): Promise<LoadedModel> {
  const fromCluster = requireInput(paths, flags, await clusterInput(paths, flags, io));
  const loaded =
    fromCluster ??
    (await loadInputs(paths, {
      exclude: flags.exclude,
      stdin: io.stdin,
      path: io.env.PATH,
      ...(flags.namespace === undefined ? {} : { namespace: namespaceFlag(flags.namespace) }),
    }));
  let failed = false;
  for (const problem of loaded.problems) {
    if (problem.verdict !== 'error') continue;
    failed = true;
    const where = problem.location
      ? `${problem.location.file}:${problem.location.line}:${problem.location.column}: `
      : '';
    io.stderr.write(`rampart: ${where}${problem.message}\n`);
  }
  const model = buildModel(loaded.resources);
  for (const problem of model.problems) {
    if (problem.severity === 'error') failed = true;
    const location = problem.resource ? locate(problem.resource, problem.path ?? []) : undefined;
    const where = location ? `${location.file}:${location.line}:${location.column}: ` : '';
    io.stderr.write(`rampart: ${problem.severity === 'warning' ? 'warning: ' : ''}${where}${problem.message}\n`);
  }
  return { model, resources: loaded.resources, loadProblems: loaded.problems, failed };
}

/** Exit code for a run that produced its output: input errors outrank everything, then emptiness. */
export function inputExit(loaded: LoadedModel, io: Io): number | undefined {
  if (loaded.failed) return EXIT.error;
  if (loaded.model.workloads.length === 0) {
    io.stderr.write('rampart: nothing to analyse: the inputs hold no Pods or workloads\n');
    return EXIT.nothingScanned;
  }
  return undefined;
}
