import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { RULES } from '../src/rules/index.js';

const DOCS = path.resolve(import.meta.dirname, '../docs/rules');

/** The pages are generated (`npm run docs`) and CI checks they are current; this checks what they say. */
describe('generated rule pages', () => {
  for (const rule of RULES) {
    test(rule.meta.id, () => {
      const page = readFileSync(path.join(DOCS, `${rule.meta.id}.md`), 'utf8');
      const messages = page.slice(page.indexOf('## Messages'), page.indexOf('\n## ', page.indexOf('## Messages') + 1));
      assert.doesNotMatch(messages, /\{\{\s*\w+\s*\}\}/, 'a raw placeholder in the Messages section');
      assert.match(messages, /\n- \S/, 'the page lists at least one message');
      for (const name of Object.keys(rule.meta.options ?? {})) assert.match(page, new RegExp(`\\| \`${name}\` \\|`));
    });
  }
});
