import { isRecord } from '../../core/pod-spec.js';
import type { CheckDefinition, CheckOutcome, PssFinding } from '../check.js';
import { plural, quote, quoteList, sortedList } from '../format.js';
import { arrayField, isSet, type PodView, specPath, stringField } from '../pod-view.js';

/** Sources that only expose the pod's own data or storage it claimed through the API. */
const ALLOWED_SOURCES = [
  'configMap',
  'csi',
  'downwardAPI',
  'emptyDir',
  'ephemeral',
  // Added to the v1.0 revision in Kubernetes 1.33, so every pinned version admits it.
  'image',
  'persistentVolumeClaim',
  'projected',
  'secret',
] as const;

/** Sources that reach the node or network storage directly, in the order upstream tests them. */
const RESTRICTED_SOURCES = [
  'hostPath',
  'gcePersistentDisk',
  'awsElasticBlockStore',
  'gitRepo',
  'nfs',
  'iscsi',
  'glusterfs',
  'rbd',
  'flexVolume',
  'cinder',
  'cephfs',
  'flocker',
  'fc',
  'azureFile',
  'vsphereVolume',
  'quobyte',
  'azureDisk',
  'photonPersistentDisk',
  'portworxVolume',
  'scaleIO',
  'storageos',
] as const;

function restrictedVolumesV1Dot0(pod: PodView): CheckOutcome | undefined {
  const volumes = arrayField(pod.spec, 'volumes');
  if (!volumes) return undefined;
  const names: string[] = [];
  const types = new Set<string>();
  const findings: PssFinding[] = [];
  volumes.forEach((volume, index) => {
    if (!isRecord(volume)) return;
    const type = restrictedType(volume);
    if (type === undefined) return;
    const name = stringField(volume, 'name');
    names.push(name);
    types.add(type);
    findings.push({
      path: type === 'unknown' ? specPath(pod, 'volumes', index) : specPath(pod, 'volumes', index, type),
      message: `volume ${quote(name)} uses restricted volume type ${quote(type)}`,
    });
  });
  if (names.length === 0) return undefined;
  const typeList = sortedList(types);
  return {
    reason: 'restricted volume types',
    detail: `${plural('volume', 'volumes', names.length)} ${quoteList(names)} ${plural('uses', 'use', names.length)} ${plural('restricted volume type', 'restricted volume types', typeList.length)} ${quoteList(typeList)}`,
    findings,
  };
}

/**
 * The restricted type a volume uses, `unknown` for a source this list does not name, or
 * undefined when it is allowed. A volume with no source at all is what the API server
 * defaults to emptyDir before admission runs, so it is allowed like one.
 */
function restrictedType(volume: Readonly<Record<string, unknown>>): string | undefined {
  for (const source of ALLOWED_SOURCES) if (isSet(volume, source)) return undefined;
  for (const source of RESTRICTED_SOURCES) if (isSet(volume, source)) return source;
  for (const key of Object.keys(volume)) if (key !== 'name' && isSet(volume, key)) return 'unknown';
  return undefined;
}

export const restrictedVolumes: CheckDefinition = {
  id: 'restrictedVolumes',
  level: 'restricted',
  versions: [{ since: 0, run: restrictedVolumesV1Dot0, overrides: ['hostPathVolumes'] }],
};
