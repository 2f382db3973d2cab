import { pssRule } from '../../pss/index.js';
import { annotateHostPath } from '../host-path-exposure.js';

export const pssRestrictedVolumes = pssRule(
  'restrictedVolumes',
  {
    id: 'pss-restricted-volumes',
    title: 'Pod uses only restricted volume types',
    description:
      'Flags volumes other than configMap, csi, downwardAPI, emptyDir, ephemeral, image, persistentVolumeClaim, projected and secret (PSS restricted: Volume Types). At the restricted level it replaces the hostPath check. A hostPath volume that exposes something sensitive of the node (the runtime socket, the directory of the kubelet, /etc, /proc, …) says what, with the rating of pod-sensitive-host-path, which then reports nothing more for it (one concern, one finding).',
    rationale:
      'Inline volume sources such as hostPath, nfs, iscsi, rbd or gitRepo reach the node or network storage directly, around the PersistentVolume controls an administrator sets; gitRepo even runs git on the node.',
    remediation:
      'Use a `persistentVolumeClaim` (the administrator maps it to storage with a PersistentVolume or StorageClass) or a `csi` or `ephemeral` volume, and `configMap`, `secret`, `projected`, `downwardAPI` or `emptyDir` for pod-local data. Replace `gitRepo` with an init container that clones into an `emptyDir`.',
    stage: 'deploy',
    severity: 'medium',
    baselineSeverity: 'high',
    owner: 'developer',
    frameworks: { nsa: ['Pod security: pod security enforcement'], cis: ['5.2.12'], mitre: ['T1611', 'T1609'] },
  },
  undefined,
  annotateHostPath,
);
