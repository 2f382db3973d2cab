import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { analyze, buildModel, groupedLines } from '../../src/analyze/netpol/index.js';
import { evaluate } from '../../src/core/engine.js';
import { Inventory } from '../../src/core/inventory.js';
import { summarize } from '../../src/core/result.js';
import type { Rule } from '../../src/core/rule.js';
import { DEFAULT_SETTINGS } from '../../src/core/settings.js';
import { fixText } from '../../src/fix/index.js';
import { readAuditEvents } from '../../src/load/audit-events.js';
import { loadText } from '../../src/load/index.js';
import { FORMATS, formatList } from '../../src/report/index.js';
import { credentialName, looksGenerated } from '../../src/rules/hardcoded-credentials/credential-names.js';
import { RULES } from '../../src/rules/index.js';
import {
  configMapLongKey,
  deploymentsWithDistinctPolicies,
  deploymentsWithoutPolicies,
  podWithContainers,
} from '../hostile/inputs.js';

/*
 * Linear where the input is linear: for every hot path, doubling the input must roughly double
 * the CPU time. Quadratic code quadruples it. Each path is warmed up, then timed three times at n
 * and at 2n (process CPU time, not wall time: the machine may be shared), and the fastest of each
 * compared; sizes keep a run near 50–200 ms. The bound, 3, sits between 2 (linear) and 4
 * (quadratic); a noisy machine can still push a ratio over it, so CI runs this suite apart
 * (`npm run test:scaling`), and a failure names the path and both times.
 */

const LIMIT = 3;

function cpuMs(run: () => void): number {
  const before = process.cpuUsage();
  run();
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000;
}

/** Times below this are mostly noise: the input grows until a run at n takes at least this long. */
const MIN_MS = 30;

function assertLinear<T>(what: string, make: (n: number) => T, run: (input: T) => void, start: number): void {
  for (let n = start; ; n *= 2) {
    const small = make(n);
    const large = make(2 * n);
    run(small);
    run(large);
    let smallest = Number.POSITIVE_INFINITY;
    let largest = Number.POSITIVE_INFINITY;
    for (let i = 0; i < 3; i++) {
      smallest = Math.min(
        smallest,
        cpuMs(() => run(small)),
      );
      largest = Math.min(
        largest,
        cpuMs(() => run(large)),
      );
    }
    if (smallest < MIN_MS && n < start * 64) continue;
    const ratio = largest / smallest;
    assert.ok(
      ratio < LIMIT,
      `${what}: ${smallest.toFixed(0)} ms at n=${n}, ${largest.toFixed(0)} ms at 2n (x${ratio.toFixed(2)})`,
    );
    return;
  }
}

const load = (text: string) => loadText({ text }, 'scale.yaml');
const rulesWhere = (keep: (rule: Rule) => boolean) => RULES.filter(keep);
const judge = (rules: readonly Rule[]) => (text: string) => {
  evaluate(new Inventory(load(text).resources), { rules, settings: DEFAULT_SETTINGS, keepPasses: false });
};

/** A mixed workload stream: Deployments with findings, Roles and bindings, ConfigMaps with credentials, policies. */
function mixed(n: number): string {
  const docs: string[] = [deploymentsWithoutPolicies(n, Math.max(1, n / 50))];
  for (let i = 0; i < n; i++) {
    docs.push(
      `apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata: {name: r${i}, namespace: ns-${i % 7}}\nrules: [{apiGroups: [""], resources: [secrets, pods/exec], verbs: [get, create, "*"]}]`,
      `apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata: {name: b${i}, namespace: ns-${i % 7}}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: r${i}}\nsubjects: [{kind: ServiceAccount, name: sa${i}, namespace: ns-${i % 7}}]`,
      `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c${i}, namespace: ns-${i % 7}}\ndata:\n  DB_PASSWORD: hunter2-${i}\n  app.properties: |\n    url=postgres://u:p${i}@db/x\n    spring.datasource.password=s3cret${i}`,
    );
  }
  return docs.join('\n---\n');
}

describe('doubling the input roughly doubles the time', () => {
  test('load: parse and turn documents into resources', () => {
    assertLinear('load', mixed, load, 300);
  });

  test('locate: a finding on each of many containers of one pod', () => {
    const pss = rulesWhere((r) => r.meta.id === 'pss-privileged');
    assertLinear('locate', podWithContainers, judge(pss), 3_000);
  });

  test('every rule, and its fix, on one pod with many containers', () => {
    // large enough that a per-finding walk over the containers shows (it once took 17 s at 20,000)
    assertLinear('one long pod', podWithContainers, judge(RULES), 3_000);
  });

  for (const [family, keep] of [
    ['pss', (r: Rule) => r.meta.id.startsWith('pss-')],
    ['rbac', (r: Rule) => r.meta.id.startsWith('rbac-')],
    ['netpol', (r: Rule) => r.meta.id.startsWith('netpol-')],
    ['credentials', (r: Rule) => r.meta.id === 'hardcoded-credentials' || r.meta.id === 'secret-in-env-var'],
    [
      'workload and platform',
      (r: Rule) => !/^(pss|rbac|netpol)-/.test(r.meta.id) && r.meta.id !== 'hardcoded-credentials',
    ],
  ] as const) {
    test(`rules: ${family}`, () => {
      assertLinear(family, mixed, judge(rulesWhere(keep)), 120);
    });
  }

  test('credentials in one long key', () => {
    const rule = rulesWhere((r) => r.meta.id === 'hardcoded-credentials');
    assertLinear('long key', (n) => configMapLongKey(n), judge(rule), 200_000);
  });

  test('credential-like env names and generated-looking values', () => {
    const inputs = (n: number) => ({ name: 'aB1_'.repeat(n), value: 'Ab1+'.repeat(n) });
    const classify = ({ name, value }: { name: string; value: string }) => {
      credentialName(name);
      looksGenerated(value);
    };
    assertLinear('credential names', inputs, classify, 1 << 16);
  });

  test('outputs: every format of many findings', () => {
    const results = (n: number) => {
      const loaded = load(podWithContainers(n));
      const evaluation = evaluate(new Inventory(loaded.resources), {
        rules: RULES,
        settings: DEFAULT_SETTINGS,
        keepPasses: true,
      });
      return {
        results: evaluation.results,
        rules: evaluation.rules,
        passes: evaluation.passes,
        size: loaded.resources.length,
      };
    };
    for (const [name, format] of Object.entries(FORMATS)) {
      assertLinear(
        `-o ${name}`,
        results,
        ({ results: all, rules, passes, size }) => {
          format(all, {
            tool: { name: 'rampart', version: '0.0.0' },
            summary: summarize(all, size, passes),
            rules: rules.map((r) => r.meta),
            rulesSkipped: [],
            settings: { pssLevel: 'restricted', pssVersion: 'latest', failOn: 'high' },
            cwd: '/',
            groupBy: 'resource',
            showPassed: false,
            color: false,
          } as Parameters<typeof format>[1]);
        },
        250,
      );
    }
  });

  test('fix: a fix on each of many containers', () => {
    const requests = (n: number) => ({
      text: podWithContainers(n),
      requests: [
        {
          document: 0,
          fixes: Array.from({ length: n }, (_, i) => ({
            operations: [
              {
                op: 'set' as const,
                path: ['spec', 'containers', i, 'securityContext', 'readOnlyRootFilesystem'],
                value: true,
              },
            ],
          })),
        },
      ],
    });
    assertLinear('fix', requests, ({ text, requests: all }) => fixText(text, all), 300);
  });

  test('netpol list: workloads without policies, and workloads with a policy each', () => {
    const list = (text: string) => {
      for (const _ of formatList(groupedLines(analyze(buildModel(load(text).resources))), 'txt'));
    };
    assertLinear('netpol without policies', deploymentsWithoutPolicies, list, 1_000);
    assertLinear(
      'netpol with distinct policies',
      deploymentsWithDistinctPolicies,
      (text) => {
        analyze(buildModel(load(text).resources));
      },
      100,
    );
  });

  test('audit log reader', async () => {
    const line = (i: number) =>
      JSON.stringify({
        apiVersion: 'audit.k8s.io/v1',
        kind: 'Event',
        verb: 'get',
        user: { username: `u${i}` },
        objectRef: { resource: 'pods', namespace: 'x' },
      });
    const log = (n: number) => Array.from({ length: n }, (_, i) => line(i)).join('\n');
    const read = async (text: string) => {
      async function* source() {
        yield text;
      }
      for await (const _ of readAuditEvents(source()));
    };
    // async: timed around the awaited read
    const time = async (text: string) => {
      const before = process.cpuUsage();
      await read(text);
      const used = process.cpuUsage(before);
      return (used.user + used.system) / 1000;
    };
    const small = log(20_000);
    const large = log(40_000);
    await read(small);
    let a = Number.POSITIVE_INFINITY;
    let b = Number.POSITIVE_INFINITY;
    for (let i = 0; i < 3; i++) {
      a = Math.min(a, await time(small));
      b = Math.min(b, await time(large));
    }
    assert.ok(b / Math.max(a, 1) < LIMIT, `audit: ${a.toFixed(0)} ms, ${b.toFixed(0)} ms`);
  });
});
