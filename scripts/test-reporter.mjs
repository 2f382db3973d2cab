// Reporter for node's test runner: a dot per test, each failure in full, and a closing count line
// ("1109 tests: 1100 passed, 0 failed, 9 skipped"), so a run that executed nothing can never look green.
import { inspect } from 'node:util';

const COUNTED = ['tests', 'pass', 'fail', 'cancelled', 'skipped', 'todo'];

export default async function* testReporter(source) {
  const counts = Object.create(null);
  const failures = [];
  let column = 0;
  for await (const event of source) {
    const { type, data } = event;
    if ((type === 'test:pass' || type === 'test:fail') && data.details?.type !== 'suite') {
      yield type === 'test:pass' ? '.' : 'X';
      if (++column % 80 === 0) yield '\n';
      if (type === 'test:fail') failures.push(data);
    } else if (type === 'test:fail' && data.details?.error?.failureType !== 'subtestsFailed') {
      // A suite that failed by itself (a before hook threw): its tests only say "cancelled", so show why.
      failures.push(data);
    } else if (type === 'test:diagnostic' && data.nesting === 0) {
      const [name, value] = String(data.message).split(' ');
      if (COUNTED.includes(name)) counts[name] = Number(value);
    }
  }
  yield '\n';
  for (const failure of failures) {
    const where = failure.file ? ` (${failure.file}${failure.line ? `:${failure.line}` : ''})` : '';
    yield `\nFAIL ${failure.name}${where}\n${indent(inspect(failure.details?.error?.cause ?? failure.details?.error))}\n`;
  }
  const tests = counts.tests ?? 0;
  const skipped = (counts.skipped ?? 0) + (counts.todo ?? 0);
  const failed = (counts.fail ?? 0) + (counts.cancelled ?? 0);
  yield `\n${tests} tests run: ${counts.pass ?? 0} passed, ${failed} failed, ${skipped} skipped\n`;
  if (tests === 0) yield 'no test ran: this run proves nothing\n';
}

function indent(text) {
  return text
    .split('\n')
    .map((line) => `  ${line}`)
    .join('\n');
}
