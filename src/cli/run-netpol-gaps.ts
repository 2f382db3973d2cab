import { buildModel } from '../analyze/netpol/index.js';
import { locate } from '../core/engine.js';
import { type Result, SYSTEM_RESULT_IDS } from '../core/result.js';
import { FORMATS } from '../report/index.js';
import { NETPOL_GAP_RULES } from '../rules/index.js';
import { createScanner, fileSource, type ResourceSource, resourceSource } from '../scan/index.js';
import { clusterInput, requireInput } from './cluster-input.js';
import type { Io } from './io.js';
import type { NetpolGapsFlags } from './netpol.js';
import { parseOutputs } from './outputs.js';
import { writeOutputs } from './scan-output.js';
import { failOnFlag, namespaceFlag } from './setting-flags.js';

/**
 * `rampart netpol gaps`: the scan limited to the NetworkPolicy gap rules, so rampart.yaml,
 * exceptions, annotations and every output apply to gaps as to any finding. Exit 1 when there is a
 * gap at least --fail-on severe (by default any), 2 on input errors (policies the API server would
 * reject among them), 3 when the input holds no workloads. Skips (CNI policies not evaluated) and
 * warnings (hostNetwork caveats) never fail the run.
 */
export async function runGaps(paths: string[], flags: NetpolGapsFlags, io: Io): Promise<number> {
  const outputs = parseOutputs(flags.output, Object.keys(FORMATS), 'table');
  const fromCluster = requireInput(paths, flags, await clusterInput(paths, flags, io));
  const scanner = await createScanner({
    configFile: { path: flags.config, cwd: io.cwd },
    overrides: {
      ...(flags.failOn === undefined ? {} : { failOn: failOnFlag(flags.failOn) }),
      ...(flags.namespace === undefined ? {} : { namespace: namespaceFlag(flags.namespace) }),
    },
    defaultFailOn: 'info',
    only: NETPOL_GAP_RULES.map((rule) => rule.meta.id),
    keepPasses: flags.showPassed === true || outputs.some((spec) => spec.format === 'junit'),
    nothingReason: 'the inputs hold no Pods or workloads',
  });
  const outcome = await scanner.scan(
    withPolicyProblems(
      fromCluster
        ? resourceSource(fromCluster.resources, fromCluster.problems)
        : fileSource(paths, { exclude: flags.exclude, stdin: io.stdin, path: io.env.PATH }),
    ),
  );
  await writeOutputs(outcome, outputs, io, { showPassed: flags.showPassed === true, color: flags.color });
  return outcome.exitCode;
}

/**
 * The loaded input, plus what the NetworkPolicy analysis refuses or doubts (policies the API
 * server would reject, selectors on unknown namespace labels) as input problems beside the gaps.
 */
function withPolicyProblems(source: ResourceSource): ResourceSource {
  return {
    async load(context) {
      const loaded = await source.load(context);
      const problems: Result[] = buildModel(loaded.resources).problems.map((problem) => {
        const result: Result = {
          ruleId: SYSTEM_RESULT_IDS.inputError,
          verdict: problem.severity === 'error' ? 'error' : 'warn',
          severity: problem.severity === 'error' ? 'high' : 'low',
          message: problem.message,
        };
        const location = problem.resource ? locate(problem.resource, problem.path ?? []) : undefined;
        if (location) result.location = location;
        return result;
      });
      return { resources: loaded.resources, problems: [...loaded.problems, ...problems] };
    },
  };
}
