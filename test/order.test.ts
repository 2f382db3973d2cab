import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import { splitDocuments } from '../src/load/index.js';
import { runCli } from './support/run-cli.js';

/**
 * Results never depend on the order of files or of the documents in them: the same inputs,
 * shuffled, give the same results (locations aside, which move with the documents).
 */
const ROOT = path.resolve(import.meta.dirname, '..');
const CORPUS = path.resolve(ROOT, '../shared/corpus/real-world');
// the real-world corpus sits beside the repository (../shared); without it, the examples alone
const INPUTS = [
  path.join(ROOT, 'examples/insecure/namespace.yaml'),
  path.join(ROOT, 'examples/insecure/redis.yaml'),
  path.join(ROOT, 'examples/insecure/report-job.yaml'),
  path.join(ROOT, 'examples/insecure/web.yaml'),
  path.join(CORPUS, 'microservices-demo/kubernetes-manifests.yaml'),
  path.join(CORPUS, 'ingress-nginx/deploy.yaml'),
  path.join(CORPUS, 'linkerd2/install_helm_control_plane_output_ha.yaml'),
  path.join(CORPUS, 'kubernetes-examples/sysdig-daemonset.yaml'),
].filter((file) => existsSync(file));

/** A small deterministic generator, so a failure can be reproduced from its seed. */
function shuffler(seed: number): <T>(items: readonly T[]) => T[] {
  let state = seed >>> 0 || 1;
  const next = () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 2 ** 32;
  };
  return (items) => {
    const out = [...items];
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(next() * (i + 1));
      [out[i], out[j]] = [out[j] as (typeof out)[number], out[i] as (typeof out)[number]];
    }
    return out;
  };
}

/** Writes each input with its documents shuffled, and returns the files in shuffled order. */
function shuffled(seed: number): string[] {
  const shuffle = shuffler(seed);
  const dir = mkdtempSync(path.join(tmpdir(), 'rampart-order-'));
  const files = INPUTS.map((input, i) => {
    const text = readFileSync(input, 'utf8');
    const documents = splitDocuments(text).map(({ start, end }) => {
      const chunk = text.slice(start, end).replace(/^---[^\n]*\n/, '');
      // a helm `# Source:` comment belongs to the document after it: keep them together
      return chunk.endsWith('\n') ? chunk : `${chunk}\n`;
    });
    const file = path.join(dir, `${i}-${path.basename(input)}`);
    writeFileSync(file, shuffle(documents).join('---\n'));
    return file;
  });
  return shuffle(files);
}

interface JsonResult {
  ruleId: string;
  verdict: string;
  severity: string;
  message: string;
  path?: string;
  resource?: unknown;
  location?: unknown;
}

async function results(files: readonly string[], flags: readonly string[]): Promise<string[]> {
  const run = await runCli(['scan', ...files, ...flags, '-o', 'json', '--fail-on', 'none', '--show-passed']);
  const doc = JSON.parse(run.stdout) as { results: JsonResult[] };
  return doc.results
    .map(({ location: _, ...rest }) => JSON.stringify(rest).replaceAll(/rampart-order-\w+\/\d+-/g, ''))
    .sort();
}

describe('order independence', () => {
  // -n puts the namespace-less manifests into a namespace the namespace rules then judge, and makes
  // every object of another namespace an input error: both must not depend on order either.
  for (const flags of [[], ['-n', 'default']]) {
    test(`shuffled files and documents give the same results${flags.length ? ` (${flags.join(' ')})` : ''}`, async () => {
      const original = await results(shuffled(1), flags);
      const other = await results(shuffled(7), flags);
      const missing = original.filter((r) => !other.includes(r));
      const extra = other.filter((r) => !original.includes(r));
      assert.deepEqual({ missing: missing.slice(0, 5), extra: extra.slice(0, 5) }, { missing: [], extra: [] });
      assert.ok(original.length > (INPUTS.length > 4 ? 1000 : 100), 'the inputs give many results');
    });
  }
});
