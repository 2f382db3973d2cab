import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FixFlags } from '../../src/cli/fix.js';
import { runFix } from '../../src/cli/run-fix.js';
import type { Resource } from '../../src/core/resource.js';
import type { FixOperation, Rule } from '../../src/core/rule.js';
import type { DocumentRequest } from '../../src/fix/index.js';
import type { Finding } from '../support/rule-tester.js';
import { type CliRun, withCapturedIo } from '../support/run-cli.js';
import { TOY_RULES } from './toy-rules.js';

export function scratch(files: Record<string, string> = {}): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'rampart-fix-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  return dir;
}

/** `rampart fix` in-process with the test-only fixable rules (the catalogue's are chosen with `rules`). */
export async function fix(
  paths: string[],
  flags: Partial<FixFlags> = {},
  options: { rules?: readonly Rule[]; stdin?: string; cwd?: string } = {},
): Promise<CliRun> {
  return withCapturedIo(options, (io) =>
    runFix(paths, { rule: [], exclude: [], ...flags }, io, options.rules ?? TOY_RULES),
  );
}

/** The fix requests of a fixture run, per resource, as `rampart fix` builds them. */
export function requestsOf(findings: readonly Finding[]): DocumentRequest[] {
  const byResource = new Map<
    Resource,
    { document: number; item?: number; fixes: { operations: readonly FixOperation[] }[] }
  >();
  for (const finding of findings) {
    const { fix } = finding.report;
    const { origin } = finding.resource;
    if (!fix || origin.kind !== 'file') continue;
    let request = byResource.get(finding.resource);
    if (!request) {
      request = { document: origin.document, ...(origin.item === undefined ? {} : { item: origin.item }), fixes: [] };
      byResource.set(finding.resource, request);
    }
    request.fixes.push({ operations: fix.operations });
  }
  return [...byResource.values()];
}
