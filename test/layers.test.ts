import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';

const ROOT = path.resolve(import.meta.dirname, '..');

interface Override {
  includes: string[];
  linter: { rules: { style: { noRestrictedImports: { options: { patterns: { group: string[] }[] } } } } };
}

/** The import-direction rule is Biome's noRestrictedImports, one override per layer, in biome.json. */
const overrides = (JSON.parse(readFileSync(path.join(ROOT, 'biome.json'), 'utf8')).overrides as Override[]).filter(
  (o) => o.linter?.rules?.style?.noRestrictedImports,
);
const layerOf = (folder: string) => overrides.find((o) => o.includes.some((glob) => glob === `src/${folder}/**`));
const forbidden = (folder: string) =>
  new Set(
    layerOf(folder)?.linter.rules.style.noRestrictedImports.options.patterns.flatMap((p) =>
      p.group.map((g) => g.replace(/^\*\*\//, '').replace(/\/\*\*$/, '')),
    ),
  );

describe('import direction (biome.json)', () => {
  test('every folder of src/ has a layer, except the CLI, which is the outermost', () => {
    const folders = readdirSync(path.join(ROOT, 'src'), { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name);
    assert.deepEqual(
      folders.filter((folder) => folder !== 'cli' && !layerOf(folder)),
      [],
      'add the new folder to a layer in biome.json',
    );
  });

  test('core imports no rule, analyzer, loader or front-end; nothing inward imports the scan service or the CLI', () => {
    for (const outer of ['rules', 'analyze', 'pss', 'policy', 'load', 'fix', 'scan', 'report', 'cli'])
      assert.ok(forbidden('core').has(outer), `core may import ${outer}`);
    for (const folder of ['load', 'pss', 'fix', 'analyze', 'rules', 'policy'])
      for (const outer of ['scan', 'cli', 'report'])
        assert.ok(forbidden(folder).has(outer), `${folder} may import ${outer}`);
    assert.ok(forbidden('analyze').has('rules'), 'analyzers may import rules');
    assert.ok(forbidden('report').has('scan') && forbidden('scan').has('cli'));
  });
});
