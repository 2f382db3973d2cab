/** The scan service: the one path from resources to verdicts that every front-end calls. */
export { applyBaseline, type Baseline, parseBaseline, readBaselineFile } from './baseline.js';
export { type ConfigFile, readConfigFile } from './config-file.js';
export { UsageError } from './errors.js';
export { EXIT, type ExitCode, exitCodeOf, type FailOn, failsRun } from './exit-code.js';
export { policyFileRules } from './policies.js';
export { createScanner, type Scanner, type ScanOutcome, type ScanRequest } from './scanner.js';
export { resolveSettings, type SettingOverrides } from './settings.js';
export {
  type FileSourceOptions,
  fileSource,
  type ResourceSource,
  resourceSource,
  type SourceContext,
  type SourceLoad,
} from './source.js';
