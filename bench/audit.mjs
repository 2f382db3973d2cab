/**
 * node bench/audit.mjs (after `npm run build`): audit events per second on one core (node runs the
 * pipeline on one thread), for
 *   (a) reading alone (the floor: JSON lines parsed into events),
 *   (b) reading + detection (the catalogue's audit rules through the scan service, as `audit scan`),
 *   (c) reading + detection + ledger append (AES-256-GCM, Merkle leaf, fsync and signed checkpoint per batch),
 * and (d) `verify` of a ledger of LEDGER entries (default 1,000,000), every entry decrypted.
 * Events are a generated mix that resembles a busy API server's log (list/watch/get by controllers,
 * pod creates, Secret reads, a few exec and RBAC writes), about 600 bytes each.
 * Env: EVENTS (200000), LEDGER (1000000), RUNS (3; the median is printed).
 */
import { createReadStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '..');
const dist = (p) => path.join(ROOT, 'dist', p);
const { readAuditEvents } = await import(dist('load/audit-events.js'));
const { AuditPipeline } = await import(dist('audit/index.js'));
const { Ledger, parseKeys, verifyLedger } = await import(dist('audit/ledger/index.js'));
const { auditJudge } = await import(dist('cli/audit-run.js'));

const EVENTS = Number(process.env.EVENTS ?? 200_000);
const LEDGER = Number(process.env.LEDGER ?? 1_000_000);
const RUNS = Number(process.env.RUNS ?? 3);
const KEYS = parseKeys(`k1 ${'42'.repeat(32)}`, 'bench');

function event(i) {
  const kinds = [
    ['list', 'pods', 'system:serviceaccount:kube-system:replicaset-controller', ''],
    ['watch', 'configmaps', 'system:kube-controller-manager', ''],
    ['get', 'secrets', i % 50 === 0 ? 'alice' : 'system:serviceaccount:kube-system:token-cleaner', ''],
    ['update', 'leases', 'system:kube-scheduler', ''],
    ['create', 'pods', 'system:serviceaccount:kube-system:replicaset-controller', ''],
    ['patch', 'deployments', 'bob', ''],
    ['get', 'pods', 'carol', i % 100 === 0 ? 'exec' : 'log'],
  ];
  const [verb, resource, username, subresource] = kinds[i % kinds.length];
  const ns = `team-${i % 40}`;
  const e = {
    kind: 'Event',
    apiVersion: 'audit.k8s.io/v1',
    level: 'Metadata',
    auditID: `6c4b2b1e-0000-4000-8000-${String(i).padStart(12, '0')}`,
    stage: 'ResponseComplete',
    requestURI: `/api/v1/namespaces/${ns}/${resource}/obj-${i % 997}${subresource ? `/${subresource}` : ''}`,
    verb: subresource === 'exec' ? 'create' : verb,
    user: { username, groups: ['system:authenticated'] },
    sourceIPs: ['10.0.0.12'],
    userAgent: 'kube-controller-manager/v1.37.2 (linux/amd64) kubernetes/abcdef0',
    objectRef: {
      resource,
      namespace: ns,
      name: `obj-${i % 997}`,
      apiVersion: 'v1',
      ...(subresource ? { subresource } : {}),
    },
    responseStatus: { metadata: {}, code: 200 },
    requestReceivedTimestamp: '2026-12-07T10:00:00.000000Z',
    stageTimestamp: '2026-12-07T10:00:00.004000Z',
    annotations: {
      'authorization.k8s.io/decision': 'allow',
      'authorization.k8s.io/reason': 'RBAC: allowed by ClusterRoleBinding',
    },
  };
  if (verb === 'create' && resource === 'pods' && !subresource)
    Object.assign(e, {
      level: 'Request',
      requestObject: {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: `p-${i}` },
        spec: { containers: [{ name: 'app', image: 'nginx:1.27' }] },
      },
    });
  return e;
}

const io = {
  stdout: { write() {} },
  stderr: { write: (s) => process.stderr.write(s) },
  stdin: (async function* () {})(),
  env: {},
  cwd: tmpdir(),
  stdoutIsTTY: false,
  stderrIsTTY: false,
};

const scratch = mkdtempSync(path.join(tmpdir(), 'rampart-audit-bench-'));
const log = path.join(scratch, 'audit.log');
let text = '';
for (let i = 0; i < EVENTS; i++) text += `${JSON.stringify(event(i))}\n`;
writeFileSync(log, text);
const bytes = text.length;
text = '';

async function run(mode) {
  const { judge } = await auditJudge({ output: 'jsonl', keyEnv: 'UNSET', ledgerRecord: 'events' }, io);
  let ledger;
  const dir = path.join(scratch, `ledger-${Math.random().toString(16).slice(2)}`);
  if (mode === 'ledger') ledger = await Ledger.open({ dir, keys: KEYS, warn: () => {} });
  let alerts = 0;
  const pipeline = new AuditPipeline({
    judge,
    failOn: 'high',
    sinks: [
      {
        write: (a) => {
          alerts += a.length;
        },
      },
    ],
    // as `audit scan --ledger` keeps them: each line as it was written, synced and checkpointed
    // once per 16,000 entries (SCAN_COMMIT_EVERY)
    ...(ledger
      ? {
          events: {
            append: async (events) => {
              await ledger.write(events.map((e) => `{"type":"event","event":${e.text}}`));
              if (ledger.pending >= 16_000) await ledger.commit();
            },
          },
        }
      : {}),
  });
  const cpu = process.cpuUsage();
  const start = performance.now();
  let events = 0;
  for await (const record of readAuditEvents(createReadStream(log))) {
    if (!('event' in record)) throw new Error(record.error);
    events++;
    if (mode !== 'read') await pipeline.push(record.event, 'audit.log');
  }
  await pipeline.flush();
  await ledger?.close();
  const wall = (performance.now() - start) / 1000;
  const used = process.cpuUsage(cpu);
  rmSync(dir, { recursive: true, force: true });
  return { events, alerts, wall, cpu: (used.user + used.system) / 1e6 };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const results = {};
for (const mode of ['read', 'detect', 'ledger']) {
  const runs = [];
  for (let r = 0; r < RUNS; r++) runs.push(await run(mode));
  const wall = median(runs.map((x) => x.wall));
  const cpu = median(runs.map((x) => x.cpu));
  results[mode] = { wall, cpu, alerts: runs[0].alerts };
}

// (d) a ledger of LEDGER entries, written in batches of 1,000, then verified
const big = path.join(scratch, 'ledger-big');
const sample = Array.from({ length: 1000 }, (_, i) => Buffer.from(JSON.stringify({ type: 'event', event: event(i) })));
const writeStart = performance.now();
const ledger = await Ledger.open({ dir: big, keys: KEYS, warn: () => {} });
for (let n = 0; n < LEDGER; n += 1000) await ledger.append(sample.slice(0, Math.min(1000, LEDGER - n)));
await ledger.close();
const writeS = (performance.now() - writeStart) / 1000;
const verifyCpu = process.cpuUsage();
const verifyStart = performance.now();
const report = await verifyLedger({ dir: big, keys: KEYS });
const verifyS = (performance.now() - verifyStart) / 1000;
const verifyUsed = process.cpuUsage(verifyCpu);
if (report.problems.length > 0 || report.decrypted !== LEDGER) throw new Error(`verify: ${JSON.stringify(report)}`);
const { size } = await import('node:fs').then((fs) => fs.statSync(path.join(big, 'entries')));
rmSync(scratch, { recursive: true, force: true });

const rate = (s) => Math.round(EVENTS / s).toLocaleString('en-US');
console.log(
  `node ${process.version}, ${cpus()[0]?.model ?? '?'} × ${cpus().length}, load ${loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')}`,
);
console.log(`${EVENTS.toLocaleString('en-US')} events, ${(bytes / 1e6).toFixed(0)} MB, median of ${RUNS} runs\n`);
console.log('| pipeline | wall s | CPU s | events/s (wall) | events/s (CPU) | alerts |');
console.log('|---|---|---|---|---|---|');
const names = {
  read: 'reading alone (floor)',
  detect: 'reading + detection',
  ledger: 'reading + detection + ledger append',
};
for (const [mode, r] of Object.entries(results))
  console.log(
    `| ${names[mode]} | ${r.wall.toFixed(2)} | ${r.cpu.toFixed(2)} | ${rate(r.wall)} | ${rate(r.cpu)} | ${mode === 'read' ? '-' : r.alerts} |`,
  );
console.log(
  `\nledger of ${LEDGER.toLocaleString('en-US')} entries (${(size / 1e6).toFixed(0)} MB): written in ${writeS.toFixed(1)} s; verify (every entry decrypted, proofs) ${verifyS.toFixed(1)} s wall, ${((verifyUsed.user + verifyUsed.system) / 1e6).toFixed(1)} s CPU`,
);
