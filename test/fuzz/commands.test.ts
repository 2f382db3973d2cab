import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { loadText } from '../../src/load/index.js';
import { MARKER } from '../hostile/inputs.js';
import { runCli } from '../support/run-cli.js';
import { assertSafe, mutated, params, seedManifests, TIME_BOUND_MS } from './support.js';

/*
 * Mutated real manifests through the loader and every command's entry point, in-process: exit
 * codes stay in 0–3, JSON outputs parse, nothing reaches an internal error or a stack trace, the
 * marker planted in tags, aliases and values never appears, and each run stays within the bounds.
 */

const manifests = seedManifests();
const input = mutated(manifests);

test('the loader: every document is a resource or a problem with a location; no throw, no marker', () => {
  fc.assert(
    fc.property(input, (text) => {
      const started = performance.now();
      const loaded = loadText({ text }, 'fuzz.yaml');
      assert.ok(performance.now() - started < TIME_BOUND_MS);
      for (const problem of loaded.problems) {
        assert.ok(problem.location && problem.location.line >= 1, JSON.stringify(problem));
        assert.ok(!problem.message.includes(MARKER), problem.message);
      }
      for (const resource of loaded.resources) {
        if (resource.origin.kind === 'file') assert.ok(resource.origin.locate(['spec', 'containers', 0]).line >= 1);
      }
    }),
    params(300),
  );
});

const COMMANDS: { argv: string[]; json?: boolean }[] = [
  { argv: ['scan', '-', '-o', 'json'], json: true },
  { argv: ['scan', '-', '-o', 'sarif'], json: true },
  { argv: ['scan', '-', '-o', 'table', '-o', 'yaml', '-o', 'junit'] },
  { argv: ['fix', '-'] },
  { argv: ['pss', '-'] },
  { argv: ['netpol', 'list', '-', '-o', 'json'], json: true },
  { argv: ['netpol', 'gaps', '-', '-o', 'json'], json: true },
  { argv: ['rbac', 'who-can', 'get', 'secrets', '-f', '-'] },
  { argv: ['rbac', 'paths', '-f', '-'] },
];

for (const { argv, json } of COMMANDS) {
  test(`rampart ${argv.join(' ')}: exit 0–3, ${json ? 'valid JSON, ' : ''}no internal error, no marker`, async () => {
    await fc.assert(
      fc.asyncProperty(input, async (stdin) => {
        const started = performance.now();
        const run = await runCli(argv, { stdin });
        assertSafe(argv.join(' '), run, performance.now() - started);
        if (json && run.stdout !== '') JSON.parse(run.stdout);
      }),
      params(25),
    );
  });
}
