/**
 * The floor: read the file and parse every document with js-yaml, the fastest YAML parser
 * measured for Node (see docs/performance.md), and nothing else. Prints the in-process time.
 */
import { readFileSync } from 'node:fs';
import { loadAll } from 'js-yaml';

const file = process.argv[2];
if (!file) throw new Error('usage: floor.ts FILE');
const start = performance.now();
const documents = loadAll(readFileSync(file, 'utf8'));
const parseMs = performance.now() - start;
console.log(JSON.stringify({ documents: documents.length, parseMs: Math.round(parseMs) }));
