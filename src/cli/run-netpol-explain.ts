import { analyze, explain, PROTOCOLS, type Protocol, resolveEndpoint } from '../analyze/netpol/index.js';
import { formatExplanation } from '../report/index.js';
import { EXIT, type Io, UsageError } from './io.js';
import type { NetpolExplainFlags } from './netpol.js';
import { inputExit, loadModel } from './run-netpol-load.js';

/**
 * `rampart netpol explain`: exit 0 when the connection is allowed, 1 when denied (so a script can
 * assert reachability), 2 on a usage or input error, 3 when the input holds no workloads.
 */
export async function runExplain(paths: string[], flags: NetpolExplainFlags, io: Io): Promise<number> {
  if (flags.output !== 'txt' && flags.output !== 'json') {
    throw new UsageError(`netpol explain: unknown output format "${flags.output}"; use txt or json`);
  }
  const probe = flags.port === undefined ? undefined : parseProbe(flags.port);
  const loaded = await loadModel(paths, flags, io);
  const empty = loaded.model.workloads.length === 0 ? inputExit(loaded, io) : undefined;
  if (empty !== undefined) return empty;
  const from = resolveEndpoint(loaded.model, flags.from);
  if ('error' in from) throw new UsageError(`--from: ${from.error}`);
  const to = resolveEndpoint(loaded.model, flags.to);
  if ('error' in to) throw new UsageError(`--to: ${to.error}`);
  if (from.kind === 'external' && to.kind === 'external') {
    throw new UsageError('--from and --to are both outside the cluster; NetworkPolicy governs only pods');
  }
  const explanation = explain(analyze(loaded.model), from, to, probe);
  io.stdout.write(
    flags.output === 'json' ? `${JSON.stringify(explanation, null, 2)}\n` : formatExplanation(explanation),
  );
  return inputExit(loaded, io) ?? (explanation.allowed ? EXIT.clean : EXIT.findings);
}

function parseProbe(text: string): { protocol: Protocol; port: number } {
  const match = /^(\d+)(?:\/(\w+))?$/.exec(text.trim());
  const port = Number(match?.[1]);
  const protocol = (match?.[2] ?? 'TCP').toUpperCase() as Protocol;
  if (!match || port < 1 || port > 65535 || !PROTOCOLS.includes(protocol)) {
    throw new UsageError(`--port "${text}" is not a port like 80, 80/TCP, 53/UDP or 2905/SCTP`);
  }
  return { protocol, port };
}
