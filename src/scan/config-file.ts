import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { RuleMeta } from '../core/rule.js';
import { CONFIG_FILE_NAMES, parseConfig, type RampartConfig } from '../load/config.js';
import { UsageError } from './errors.js';

/** rampart.yaml as read, with the name it is reported under. */
export interface ConfigFile {
  config: RampartConfig;
  /** As the user gave it, or relative to the working directory; absent when there is no file. */
  file?: string;
}

/**
 * Reads the explicit --config file, or rampart.yaml / .rampart.yaml in the working directory, or
 * nothing, and validates it against the catalogue. Every problem is a UsageError listing each one
 * with file, line and field: nothing runs on a configuration that does not mean what it says.
 */
export function readConfigFile(explicit: string | undefined, cwd: string, catalogue: readonly RuleMeta[]): ConfigFile {
  const file =
    explicit ?? CONFIG_FILE_NAMES.map((name) => path.join(cwd, name)).find((candidate) => existsSync(candidate));
  if (!file) return { config: {} };
  const shown = explicit ?? path.relative(cwd, file);
  let text: string;
  try {
    text = readFileSync(path.resolve(cwd, file), 'utf8');
  } catch (error) {
    const code = (error as { code?: string }).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : (code ?? 'unreadable');
    throw new UsageError(`cannot read config ${shown}: ${why}`);
  }
  const parsed = parseConfig(text, shown, catalogue);
  if ('errors' in parsed) throw new UsageError(`invalid config:\n  ${parsed.errors.join('\n  ')}`);
  return { config: parsed.config, file: shown };
}
