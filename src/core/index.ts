export { type EngineOptions, type Evaluation, evaluate, locate, type RuleSetting } from './engine.js';
export {
  type AnnotationException,
  type ConfigException,
  globMatch,
  IGNORE_ANNOTATION,
  isExpired,
  parseIgnoreAnnotation,
} from './exceptions.js';
export { applyFix } from './fix.js';
export { Inventory, type LabelSelector, labelsOf, matchesSelector } from './inventory.js';
export { formatPath, type Path, type PathSegment, valueAt } from './path.js';
export {
  apiGroup,
  CONTAINER_FIELDS,
  type Container,
  type ContainerField,
  type ContainerRef,
  containersOf,
  isRecord,
  POD_SPEC_KINDS,
  type PodSpec,
  type PodTemplate,
  podTemplate,
} from './pod-spec.js';
export { redact, redactedMessage, ruleFailureMessage } from './redact.js';
export {
  formatRef,
  isKubeObject,
  type KubeObject,
  type ObjectMeta,
  type Origin,
  type Resource,
  type ResourceRef,
  resourceRef,
  type SourcePosition,
} from './resource.js';
export { type Location, type Result, type Summary, type Suppression, SYSTEM_RESULT_IDS, summarize } from './result.js';
export {
  type CheckContext,
  defineRule,
  type Fix,
  type FixOperation,
  type Frameworks,
  formatMessage,
  isNotApplicable,
  isSkip,
  NOT_APPLICABLE,
  type NotApplicable,
  OWNER_TITLES,
  OWNERS,
  type Owner,
  type Report,
  type Rule,
  type RuleMeta,
  type Skip,
  STAGES,
  type Stage,
} from './rule.js';
export { DEFAULT_SETTINGS, type ScanSettings } from './settings.js';
export { atOrAbove, isSeverity, SEVERITIES, type Severity, severityRank, VERDICTS, type Verdict } from './severity.js';
