import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Result } from '../core/result.js';
import { escapeData, escapeProperty, formatGithub } from './github.js';
import { allResults, contextFor, SECRETS } from './samples.test.js';

function render(results?: Result[]) {
  const sample = allResults();
  const list = results ?? sample.results;
  return formatGithub(list, contextFor(list, results ? 1 : sample.resources));
}

describe('github annotations', () => {
  test('one workflow command per unsuppressed finding, worst first; severity sets the level', () => {
    const lines = render().trimEnd().split('\n');
    const commands = lines.filter((l) => l.startsWith('::'));
    assert.equal(commands.length, 8);
    assert.deepEqual(
      commands.map((l) => /^::(\w+) .*title=rampart ([\w-]+) \((\w+)\)::/.exec(l)?.slice(1)),
      [
        ['error', 'input-error', 'error'],
        ['error', 'parse-error', 'error'],
        ['error', 'rule-error', 'error'],
        ['error', 'host-pid', 'critical'],
        ['error', 'host-pid', 'critical'],
        ['warning', 'env-secret', 'medium'],
        ['warning', 'exception-expired', 'medium'],
        ['warning', 'latest-tag', 'low'],
      ],
    );
    assert.equal(
      lines.at(-1),
      'rampart: 5 findings (2 critical, 2 medium, 1 low), 3 errors, 2 suppressed; 6 resources scanned',
    );
  });

  test('files below the working directory get file, line and col; others say where in the message', () => {
    const text = render();
    assert.ok(
      text.includes(
        '::warning file=k8s/web.yaml,line=20,col=16,title=rampart latest-tag (low)::warning: image "app:latest" uses a mutable tag%0ADeployment/shop/web  spec.template.spec.containers[0].image%0AFix: Pin the image by digest.',
      ),
    );
    const parse = text.split('\n').find((l) => l.includes('parse-error')) ?? '';
    assert.match(
      parse,
      /^::error title=rampart parse-error \(error\)::document 2 .*%0Aat \/tmp\/rampart-report-test\/elsewhere\/broken file\.yaml:5:4$/,
    );
    const stdin = text.split('\n').find((l) => l.includes('Pod/piped')) ?? '';
    assert.ok(
      stdin.startsWith('::error title=rampart host-pid (critical)::hostPID is set%0APod/piped  at <stdin>:7:3'),
      stdin,
    );
  });

  test('escaping: % CR LF in data; also : and , in properties', () => {
    assert.equal(escapeData('50% done\r\nnext: a, b'), '50%25 done%0D%0Anext: a, b');
    assert.equal(escapeProperty('a:b,c%\n'), 'a%3Ab%2Cc%25%0A');
  });

  test('input cannot end the command or start another one', () => {
    const hostile: Result = {
      ruleId: 'host-pid',
      verdict: 'fail',
      severity: 'medium',
      message: 'x\n::error file=evil.yaml::forged %0A',
      resource: { apiVersion: 'v1', kind: 'Pod', namespace: 'ns', name: 'a,b:c' },
      location: { file: 'dir,with:odd/name%.yaml', line: 3, column: 1 },
      path: 'spec\r\n::add-mask::x',
    };
    const lines = render([hostile]).trimEnd().split('\n');
    assert.equal(lines.length, 2, 'one command and the count line');
    assert.ok(
      lines[0]?.startsWith(
        '::warning file=dir%2Cwith%3Aodd/name%25.yaml,line=3,col=1,title=rampart host-pid (medium)::',
      ),
    );
    assert.ok(lines[0]?.includes('forged %250A'), 'a literal %0A in the input stays literal');
    assert.equal(lines.filter((l) => l.startsWith('::')).length, 1);
  });

  test('never prints a secret value', () => {
    for (const secret of SECRETS) assert.equal(render().includes(secret), false);
  });
});
