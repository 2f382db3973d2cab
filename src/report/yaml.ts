import { stringify } from 'yaml';
import type { Result } from '../core/result.js';
import type { ReportContext } from './context.js';
import { buildDocument } from './document.js';

/**
 * `-o yaml`: the same document as `-o json`. No anchors or aliases (a reader should not need to
 * resolve them) and no line folding (a message stays on one line, so grep finds it).
 */
export function formatYaml(results: readonly Result[], context: ReportContext): string {
  return stringify(buildDocument(results, context), { aliasDuplicateObjects: false, lineWidth: 0 });
}
