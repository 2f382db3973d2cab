import type { CheckDefinition } from '../check.js';
import { procMountV1Dot0 } from './proc-mount.js';

/*
 * From v1.35 baseline lets user-namespace pods unmask /proc. Restricted keeps the unconditional
 * rule by running the v1.0 revision itself and taking the baseline check's place.
 */
export const procMountRestricted: CheckDefinition = {
  id: 'procMount_restricted',
  level: 'restricted',
  versions: [{ since: 35, run: procMountV1Dot0, overrides: ['procMount'] }],
};
