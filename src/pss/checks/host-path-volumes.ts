import { isRecord } from '../../core/pod-spec.js';
import type { CheckDefinition, CheckOutcome, PssFinding } from '../check.js';
import { plural, quote, quoteList } from '../format.js';
import { arrayField, isSet, type PodView, specPath, stringField } from '../pod-view.js';

function hostPathVolumesV1Dot0(pod: PodView): CheckOutcome | undefined {
  const volumes = arrayField(pod.spec, 'volumes');
  if (!volumes) return undefined;
  const names: string[] = [];
  const findings: PssFinding[] = [];
  volumes.forEach((volume, index) => {
    if (!isRecord(volume) || !isSet(volume, 'hostPath')) return;
    const name = stringField(volume, 'name');
    names.push(name);
    findings.push({
      path: specPath(pod, 'volumes', index, 'hostPath'),
      message: `volume ${quote(name)} must not use hostPath`,
    });
  });
  if (names.length === 0) return undefined;
  return {
    reason: 'hostPath volumes',
    detail: `${plural('volume', 'volumes', names.length)} ${quoteList(names)}`,
    findings,
  };
}

export const hostPathVolumes: CheckDefinition = {
  id: 'hostPathVolumes',
  level: 'baseline',
  versions: [{ since: 0, run: hostPathVolumesV1Dot0 }],
};
