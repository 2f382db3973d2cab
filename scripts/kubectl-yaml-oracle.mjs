#!/usr/bin/env node
// Writes test/fixtures/kubectl-yaml/expected.json: what kubectl's own decoder makes of every file of
// the corpus (the documents as JSON, or that it refused the file). The decoder is the Go program in
// test/fixtures/kubectl-yaml/oracle, built with the Go toolchain into ~/.cache/rampart (outside the
// repository). `--check` compares instead of writing, and exits 1 on a difference. npm test does not
// need Go: it reads expected.json.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';

const corpus = path.resolve('test/fixtures/kubectl-yaml');
const source = path.join(corpus, 'oracle');
const hash = createHash('sha256');
for (const name of ['go.mod', 'go.sum', 'main.go']) hash.update(readFileSync(path.join(source, name)));
const cache = path.join(homedir(), '.cache', 'rampart', 'kubectl-yaml-oracle', hash.digest('hex').slice(0, 12));
const binary = path.join(cache, 'oracle');
if (!existsSync(binary)) {
  mkdirSync(cache, { recursive: true });
  execFileSync('go', ['build', '-o', binary, '.'], { cwd: source, stdio: 'inherit' });
}

const files = ['accepted', 'rejected'].flatMap((dir) =>
  readdirSync(path.join(corpus, dir))
    .filter((name) => name.endsWith('.yaml'))
    .sort()
    .map((name) => path.join(corpus, dir, name)),
);
const lines = execFileSync(binary, files, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })
  .trim()
  .split('\n');
const expected = {};
lines.forEach((line, i) => {
  const verdict = JSON.parse(line);
  const file = path.relative(corpus, files[i]);
  expected[file] = verdict.error === undefined ? { documents: verdict.documents ?? [] } : { refused: true };
  const accepted = file.startsWith('accepted/');
  if (accepted !== (verdict.error === undefined))
    console.error(
      `${file}: kubectl ${accepted ? 'refuses' : 'accepts'} it; move it to ${accepted ? 'rejected' : 'accepted'}/`,
    );
});
const text = `${JSON.stringify(expected, null, 2)}\n`;
const target = path.join(corpus, 'expected.json');
if (process.argv.includes('--check')) {
  const same = existsSync(target) && readFileSync(target, 'utf8') === text;
  console.log(same ? 'expected.json matches kubectl' : 'expected.json differs from kubectl: run without --check');
  process.exit(same ? 0 : 1);
}
writeFileSync(target, text);
console.log(`wrote ${path.relative(process.cwd(), target)}: ${files.length} files`);
