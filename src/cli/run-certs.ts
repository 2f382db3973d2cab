import {
  analyzeCertificates,
  CERTIFICATE_RESOURCES,
  discover,
  discoverObjects,
  expiryTable,
  renewalPlan,
} from '../analyze/certs/index.js';
import { inputError } from '../load/index.js';
import { FORMATS } from '../report/index.js';
import { createScanner, resourceSource } from '../scan/index.js';
import type { CertsFlags } from './certs.js';
import { clusterInput } from './cluster-input.js';
import type { Io } from './io.js';
import { parseOutputs } from './outputs.js';
import { writeOutputs } from './scan-output.js';
import { settingOverrides } from './setting-flags.js';

const CERT_RULES = ['certificate-expiry', 'certificate-weak-crypto', 'certificate-chain', 'certificate-served-names'];

/** `rampart certs`: certificates found (in files, or in a cluster's objects) to resources, the scan service, then the expiry table, plan and findings. */
export async function runCerts(paths: string[], flags: CertsFlags, io: Io): Promise<number> {
  const outputs = parseOutputs(flags.output, Object.keys(FORMATS), 'table');
  const fromCluster = await clusterInput(paths, flags, io, CERTIFICATE_RESOURCES);
  const origin = fromCluster?.resources[0]?.origin;
  const found = fromCluster
    ? discoverObjects(
        fromCluster.resources.map((r) => r.object),
        origin?.kind === 'cluster' ? origin.context : 'cluster',
      )
    : discover(paths.length ? paths : ['/etc/kubernetes'], io.cwd);
  const { facts, resources } = analyzeCertificates(found, flags.san);
  const scanner = await createScanner({
    configFile: { path: flags.config, cwd: io.cwd },
    overrides: settingOverrides({ ...(flags.failOn ? { failOn: flags.failOn } : {}) }),
    only: CERT_RULES,
    nothingReason: 'no certificate or signing key was found',
    keepPasses: flags.showPassed === true || outputs.some((spec) => spec.format === 'junit'),
  });
  const problems = [...(fromCluster?.problems ?? []), ...found.problems.map((p) => inputError(p.subject, p.message))];
  const outcome = await scanner.scan(resourceSource(resources, problems));
  if (outcome.nothingScanned) outcome.nothingScanned = 'no certificate or signing key was found';
  if (facts.length > 0 && outputs.some((spec) => spec.format === 'table' && !spec.file)) {
    const now = new Date();
    io.stdout.write(`${expiryTable(facts, now)}\n\nRenewal plan, soonest first:\n`);
    for (const [i, step] of renewalPlan(facts, now).entries()) io.stdout.write(`  ${i + 1}. ${step}\n`);
    io.stdout.write('\n');
  }
  await writeOutputs(outcome, outputs, io, { showPassed: flags.showPassed === true, color: flags.color });
  return outcome.exitCode;
}
