import { type EscalationPath, grantSteps, isPlatformSubject, RbacAnalysis, targetId } from '../analyze/rbac/index.js';
import { formatPaths, grantJson, renderDot, renderMermaid, subjectJson } from '../report/index.js';
import { EXIT, type Io, UsageError } from './io.js';
import type { RbacFlags } from './rbac.js';
import { checkOutput, guarded, loadPolicy, readSubject } from './run-rbac-input.js';

export async function runPaths(
  subjectText: string | undefined,
  flags: RbacFlags & { to: string; includePlatform?: boolean },
  io: Io,
): Promise<number> {
  checkOutput(flags.output, ['text', 'json', 'dot', 'mermaid'], 'paths');
  const target = targetId(flags.to);
  if (!target)
    throw new UsageError(`--to "${flags.to}" is not a target; use cluster-admin, secrets, secrets:NAMESPACE or nodes`);
  const only = subjectText === undefined ? undefined : readSubject(subjectText);
  return guarded(io, async () => {
    const { index, inputErrors } = await loadPolicy(flags, io);
    const analysis = new RbacAnalysis(index.inventory, index);
    if (only) analysis.ensureSubject(only);
    const graph = analysis.escalation.graph;
    const finder = analysis.finder(target);
    const paths: EscalationPath[] = [];
    for (const node of graph.nodes.values()) {
      if (node.kind !== 'subject' || !node.subject) continue;
      if (
        only ? node.id !== `${graph.subjectNode(only).id}` : !flags.includePlatform && isPlatformSubject(node.subject)
      )
        continue;
      const path = finder.pathFrom(node.id);
      if (path) paths.push(path);
    }
    paths.sort((a, b) => grantSteps(a) - grantSteps(b) || a.from.label.localeCompare(b.from.label));
    const labels = new Map([...graph.nodes].map(([id, node]) => [id, node.label]));
    const label = (id: string) => labels.get(id) ?? id;
    switch (flags.output) {
      case 'json':
        io.stdout.write(
          `${JSON.stringify(
            {
              target: flags.to,
              paths: paths.map((path) => ({
                subject: path.from.subject ? subjectJson(path.from.subject) : { id: path.from.id },
                steps: path.steps.map((step) => ({
                  from: { id: step.from, label: label(step.from) },
                  to: { id: step.to, label: label(step.to) },
                  kind: step.kind,
                  text: step.text,
                  grants: step.grants.map((g) => grantJson(g, true)),
                  ...(step.via ? { via: step.via } : {}),
                })),
              })),
            },
            null,
            2,
          )}\n`,
        );
        break;
      case 'dot':
        io.stdout.write(renderDot(paths, labels));
        break;
      case 'mermaid':
        io.stdout.write(renderMermaid(paths, labels));
        break;
      default:
        io.stdout.write(formatPaths(paths, label, flags.to, only !== undefined));
    }
    return { code: EXIT.clean, inputErrors };
  });
}
