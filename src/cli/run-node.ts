import path from 'node:path';
import { inspectNode, nodeResources } from '../analyze/controlplane/index.js';
import { FORMATS } from '../report/index.js';
import { createScanner, resourceSource } from '../scan/index.js';
import { type Io, UsageError } from './io.js';
import type { NodeFlags } from './node.js';
import { parseOutputs } from './outputs.js';
import { writeOutputs } from './scan-output.js';
import { frameworkFlags, settingOverrides } from './setting-flags.js';

/** `rampart node`: the node's effective configuration as resources, the scan service, then the outputs. */
export async function runNode(flags: NodeFlags, io: Io): Promise<number> {
  const outputs = parseOutputs(flags.output, Object.keys(FORMATS), 'table');
  const frameworks = frameworkFlags(flags.framework);
  const pids = flags.pid.map((text) => {
    const pid = Number(text);
    if (!Number.isInteger(pid) || pid <= 0) throw new UsageError(`--pid "${text}" is not a process id`);
    return pid;
  });
  if (flags.root !== undefined && pids.length > 0)
    throw new UsageError('--pid reads running processes; --root reads a copied directory: use one');
  const root = flags.root === undefined ? '/' : path.resolve(io.cwd, flags.root);
  const inspection = inspectNode({
    root,
    processes: flags.root === undefined,
    ...(pids.length ? { pids } : {}),
    ...(flags.manifests ? { manifests: path.resolve(io.cwd, flags.manifests) } : {}),
  });
  const { resources, problems } = await nodeResources(inspection, {
    root,
    verifyEncryption: flags.verifyEncryption === true,
    etcd: {
      ...(flags.etcdEndpoint ? { endpoint: flags.etcdEndpoint } : {}),
      ...(flags.etcdCacert ? { caFile: path.resolve(io.cwd, flags.etcdCacert) } : {}),
      ...(flags.etcdCert ? { certFile: path.resolve(io.cwd, flags.etcdCert) } : {}),
      ...(flags.etcdKey ? { keyFile: path.resolve(io.cwd, flags.etcdKey) } : {}),
    },
  });
  const scanner = await createScanner({
    configFile: { path: flags.config, cwd: io.cwd },
    overrides: settingOverrides({ ...(flags.failOn ? { failOn: flags.failOn } : {}) }, frameworks),
    frameworks,
    keepPasses: flags.showPassed === true || outputs.some((spec) => spec.format === 'junit'),
  });
  const outcome = await scanner.scan(resourceSource(resources, problems));
  if (outcome.nothingScanned)
    outcome.nothingScanned =
      flags.root === undefined
        ? 'no Kubernetes component runs on this machine and no static pod manifest or kubelet unit was found'
        : `nothing under ${flags.root} looks like a node: no static pod manifests, kubelet unit or config`;
  await writeOutputs(outcome, outputs, io, { showPassed: flags.showPassed === true, color: flags.color });
  return outcome.exitCode;
}
