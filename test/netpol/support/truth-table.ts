import path from 'node:path';
import { analyze, buildModel, type Protocol } from '../../../src/analyze/netpol/index.js';
import { isRecord } from '../../../src/core/pod-spec.js';
import type { Resource } from '../../../src/core/resource.js';
import { loadInputs } from '../../../src/load/index.js';

/**
 * The e2e truth tables: each case file holds a `TruthTable` document (probes, each with an
 * expected reachability matrix) and the policies of one upstream netpol e2e test. Its objects
 * are laid over the shared topology (same kind/namespace/name replaces), then analysed.
 */
export const E2E_DIR = path.resolve(import.meta.dirname, '../e2e');
export const PODS = ['x/a', 'x/b', 'x/c', 'y/a', 'y/b', 'y/c', 'z/a', 'z/b', 'z/c'] as const;

export interface Probe {
  protocol: Protocol;
  port: number;
  /** Source pod -> one character per destination in PODS order: '.', 'X' or '-'. */
  from: Record<string, string>;
}

export interface TruthCase {
  name: string;
  probes: Probe[];
  resources: Resource[];
}

export async function loadCase(file: string): Promise<TruthCase> {
  const [topology, own] = await Promise.all([loadInputs([path.join(E2E_DIR, 'topology.yaml')]), loadInputs([file])]);
  const problems = [...topology.problems, ...own.problems].filter((p) => p.verdict === 'error');
  if (problems.length) throw new Error(`${file}: ${problems[0]?.message}`);
  const table = own.resources.find((r) => r.object.kind === 'TruthTable');
  if (!table) throw new Error(`${file}: no TruthTable document`);
  const overrides = own.resources.filter((r) => r !== table);
  const key = (r: Resource) =>
    `${r.object.kind}/${r.object.metadata?.namespace ?? ''}/${r.object.metadata?.name ?? ''}`;
  const replaced = new Set(overrides.map(key));
  const resources = [...topology.resources.filter((r) => !replaced.has(key(r))), ...overrides];
  const probes = (table.object.probes as unknown[]).map((raw) => {
    if (!isRecord(raw) || !isRecord(raw.from)) throw new Error(`${file}: a probe needs protocol, port and from`);
    return { protocol: raw.protocol as Protocol, port: Number(raw.port), from: raw.from as Record<string, string> };
  });
  return { name: String(table.object.metadata?.name), probes, resources };
}

/** The matrix the analyzer gives for one probe, in the case file's notation. */
export function observed(
  resources: readonly Resource[],
  probe: Pick<Probe, 'protocol' | 'port'>,
): Record<string, string> {
  const connectivity = analyze(buildModel(resources));
  const index = new Map(connectivity.model.workloads.map((w) => [`${w.namespace}/${w.name}`, w.index]));
  const out: Record<string, string> = {};
  for (const src of PODS) {
    out[src] = PODS.map((dst) => {
      if (src === dst) return '-';
      const conn = connectivity.table.get(connectivity.between(index.get(src) as number, index.get(dst) as number));
      return conn.contains(probe.protocol, probe.port) ? '.' : 'X';
    }).join('');
  }
  return out;
}

/** Every cell where expectation and observation differ, self-pairs excepted (upstream ignores loopback). */
export function mismatches(expected: Record<string, string>, actual: Record<string, string>): string[] {
  const out: string[] = [];
  for (const [i, src] of PODS.entries()) {
    const want = expected[src];
    if (want === undefined || want.length !== PODS.length || !/^[.X-]+$/.test(want)) {
      out.push(`row ${src}: expected 9 of '.', 'X', '-', got ${JSON.stringify(want)}`);
      continue;
    }
    for (const [j, dst] of PODS.entries()) {
      if (i === j) continue;
      if (want[j] !== actual[src]?.[j]) {
        out.push(
          `${src} -> ${dst}: expected ${want[j] === '.' ? 'reachable' : 'blocked'}, analyzer says ${actual[src]?.[j] === '.' ? 'reachable' : 'blocked'}`,
        );
      }
    }
  }
  return out;
}

export function render(matrix: Record<string, string>): string {
  return [
    '     x/a x/b x/c y/a y/b y/c z/a z/b z/c',
    ...PODS.map((src) => `${src}   ${[...(matrix[src] ?? '')].join('   ')}`),
  ].join('\n');
}
