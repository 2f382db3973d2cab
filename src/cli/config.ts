import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { CONFIG_FILE_NAMES, parseConfig, type RampartConfig } from '../load/config.js';
import { UsageError } from './io.js';

/** The explicit --config file, or rampart.yaml / .rampart.yaml in the working directory, or nothing. */
export function loadConfig(explicit: string | undefined, cwd: string): { config: RampartConfig; file?: string } {
  const file =
    explicit ?? CONFIG_FILE_NAMES.map((name) => path.join(cwd, name)).find((candidate) => existsSync(candidate));
  if (!file) return { config: {} };
  const shown = explicit ?? path.relative(cwd, file);
  let text: string;
  try {
    text = readFileSync(path.resolve(cwd, file), 'utf8');
  } catch (error) {
    const code = (error as { code?: string }).code;
    throw new UsageError(
      `cannot read config ${shown}: ${code === 'ENOENT' ? 'no such file' : (error as Error).message}`,
    );
  }
  const parsed = parseConfig(text, shown);
  if ('errors' in parsed) throw new UsageError(`invalid config:\n  ${parsed.errors.join('\n  ')}`);
  return { config: parsed.config, file: shown };
}
