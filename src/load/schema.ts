import {
  boolYaml11Tag,
  floatCoreTag,
  floatYaml11Tag,
  intYaml11Tag,
  mapTag,
  mergeTag,
  NOT_RESOLVED,
  nullYaml11Tag,
  type ScalarTagDefinition,
  Schema,
  seqTag,
  strTag,
} from 'js-yaml';
import { exactIntegerScalar } from './exact-integers.js';

/**
 * Scalars resolve the way Kubernetes reads YAML (go-yaml v2 under sigs.k8s.io/yaml):
 * YAML 1.1 booleans (`yes`, `on`), nulls, octal and underscored integers, merge keys;
 * but no sexagesimal numbers (`12:30` stays a string) and no timestamps (dates stay strings,
 * as kubectl sends them). A scanner that read `privileged: yes` as a string would miss it.
 */
function withoutSexagesimal(tag: ScalarTagDefinition, fallback?: ScalarTagDefinition): ScalarTagDefinition {
  return {
    ...tag,
    implicitFirstChars: fallback ? null : tag.implicitFirstChars,
    resolve(source, isExplicit, tagName) {
      if (!isExplicit && source.includes(':')) return NOT_RESOLVED;
      const value = tag.resolve(source, isExplicit, tagName);
      return value === NOT_RESOLVED && fallback ? fallback.resolve(source, isExplicit, tagName) : value;
    },
  };
}

/** Integers beyond ±2^53 keep their exact value beside the number (load/exact-integers.ts). */
function exact(tag: ScalarTagDefinition): ScalarTagDefinition {
  return {
    ...tag,
    resolve(source, isExplicit, tagName) {
      const value = tag.resolve(source, isExplicit, tagName);
      return typeof value === 'number' ? exactIntegerScalar(source, value) : value;
    },
  };
}

export const KUBERNETES_YAML_SCHEMA = new Schema([
  strTag,
  seqTag,
  mapTag,
  nullYaml11Tag,
  boolYaml11Tag,
  exact(withoutSexagesimal(intYaml11Tag)),
  // go-yaml v2 reads `1e3` as a float; YAML 1.1's pattern needs a dot, so fall back to the core pattern.
  withoutSexagesimal(floatYaml11Tag, floatCoreTag),
  mergeTag,
]);
