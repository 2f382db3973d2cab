/** The worker side of sandbox.ts: compiles and evaluates untrusted expressions away from the main thread. */
import { parentPort, workerData } from 'node:worker_threads';
import { toCelValue } from './conversion.js';
import { createCelEngine } from './engine.js';
import type { CelEnvOptions, CompileResult } from './index.js';
import type { SandboxRequest, SandboxResponse } from './sandbox.js';
import { toJs } from './values.js';

const engine = createCelEngine(workerData as CelEnvOptions);
const compiled = new Map<string, CompileResult>();

parentPort!.on('message', (request: SandboxRequest) => {
  const activation: Record<string, ReturnType<typeof toCelValue>> = {};
  for (const [name, value] of Object.entries(request.variables)) activation[name] = toCelValue(value);
  const budget = { remaining: request.budget };
  const results: SandboxResponse['results'] = [];
  for (const expression of request.expressions) {
    let program = compiled.get(expression);
    if (!program) {
      program = engine.compile(expression);
      compiled.set(expression, program);
    }
    if (!program.ok) {
      results.push({ ok: false, error: program.error, cost: 0 });
      continue;
    }
    const result = program.program.evaluate(activation, budget);
    results.push(result.ok ? { ok: true, value: toJs(result.value), cost: result.cost } : result);
  }
  parentPort!.postMessage({ id: request.id, results, remaining: budget.remaining } satisfies SandboxResponse);
});
