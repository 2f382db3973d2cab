import { createRequire } from 'node:module';
import type { Result } from '../core/result.js';
import type { ReportContext } from './context.js';
import { buildDocument } from './document.js';

/**
 * The `yaml` library is loaded when a YAML report is written, not whenever formatters are: it
 * takes ~35 ms to load, which every `rampart scan -o json` would otherwise pay.
 */
const load = createRequire(import.meta.url);

/**
 * `-o yaml`: the same document as `-o json`. No anchors or aliases (a reader should not need to
 * resolve them) and no line folding (a message stays on one line, so grep finds it).
 */
export function formatYaml(results: readonly Result[], context: ReportContext): string {
  const { stringify } = load('yaml') as typeof import('yaml');
  return stringify(buildDocument(results, context), { aliasDuplicateObjects: false, lineWidth: 0 });
}
