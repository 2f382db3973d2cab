/**
 * Evaluation of untrusted policies in a worker thread with a wall-clock limit. The cost limits already
 * stop runaway expressions; the worker also bounds what cost units do not measure (a pathological
 * input, a bug), and keeps the caller's event loop free. A worker costs a thread start (~30–60 ms)
 * and the engine's load in it; `CelSandbox` keeps one warm and restarts it after a timeout, so use
 * it for policies from untrusted sources (user-supplied in `rampart serve`, a shared policy repo),
 * not for Rampart's own rules.
 */
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { DEFAULT_POLICY_BUDGET } from './cost/limits.js';
import type { CelEnvOptions, CelError, CostBudget } from './index.js';

export interface IsolatedRequest {
  options: CelEnvOptions;
  expressions: readonly string[];
  /** Plain JSON-like variables, converted with toCelValue() inside the worker. */
  variables: Record<string, unknown>;
  /** Shared by the expressions; updated with what they spent. Default: a fresh 1e7 budget. */
  budget?: CostBudget;
  /** Wall-clock limit for all the expressions, in milliseconds. Default 1000. */
  timeoutMs?: number;
}

/** One result per expression; `value` is `toJs()` of the CEL value. */
export type IsolatedResult = { ok: true; value: unknown; cost: number } | { ok: false; error: CelError; cost: number };

export interface SandboxRequest {
  id: number;
  expressions: readonly string[];
  variables: Record<string, unknown>;
  budget: number;
}

export interface SandboxResponse {
  id: number;
  results: IsolatedResult[];
  remaining: number;
}

const EXTENSION = extname(fileURLToPath(import.meta.url));
const WORKER_URL = new URL(`./sandbox-worker${EXTENSION}`, import.meta.url);

/** Running from TypeScript sources (tests, tsx), the worker first registers tsx's loader. */
function workerEntry(): { entry: URL | string; eval: boolean } {
  if (EXTENSION !== '.ts') return { entry: WORKER_URL, eval: false };
  const loader = JSON.stringify(import.meta.resolve('tsx/esm/api'));
  const entry = `import(${loader}).then((tsx) => { tsx.register(); return import(${JSON.stringify(WORKER_URL.href)}); });`;
  return { entry, eval: true };
}

/** A reusable worker for one engine configuration. Requests run one at a time, in order. */
export class CelSandbox {
  private worker: Worker | undefined;
  private nextId = 1;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly options: CelEnvOptions,
    private readonly timeoutMs = 1000,
  ) {}

  evaluate(
    expressions: readonly string[],
    variables: Record<string, unknown>,
    budget?: CostBudget,
  ): Promise<IsolatedResult[]> {
    const run = this.queue.then(() => this.run(expressions, variables, budget));
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Stops the worker; the sandbox starts a new one if used again. */
  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    if (worker) await worker.terminate();
  }

  private start(): Worker {
    if (!this.worker) {
      const { entry, eval: isEval } = workerEntry();
      this.worker = new Worker(entry, {
        eval: isEval,
        workerData: this.options,
        resourceLimits: { maxOldGenerationSizeMb: 256 },
      });
    }
    this.worker.unref();
    return this.worker;
  }

  private run(
    expressions: readonly string[],
    variables: Record<string, unknown>,
    budget?: CostBudget,
  ): Promise<IsolatedResult[]> {
    const worker = this.start();
    const id = this.nextId++;
    const available = budget?.remaining ?? DEFAULT_POLICY_BUDGET;
    return new Promise((resolve, reject) => {
      const finish = (results: IsolatedResult[], remaining: number) => {
        clearTimeout(timer);
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
        if (budget) budget.remaining = remaining;
        resolve(results);
      };
      const failAll = (kind: CelError['kind'], message: string) =>
        expressions.map(
          (): IsolatedResult => ({ ok: false, error: { kind, message, line: 0, column: 0, offset: -1 }, cost: 0 }),
        );
      const onMessage = (response: SandboxResponse) => {
        if (response.id === id) finish(response.results, response.remaining);
      };
      const onError = (error: Error) => {
        this.worker = undefined;
        // The worker's own message is JavaScript's; say which limit ended it, nothing more.
        const memory = (error as { code?: string }).code === 'ERR_WORKER_OUT_OF_MEMORY';
        finish(
          failAll('runtime', memory ? 'sandbox: the evaluation ran out of memory' : 'sandbox worker failed'),
          available,
        );
      };
      const onExit = () => {
        if (this.worker === worker) this.worker = undefined;
        finish(failAll('runtime', 'sandbox worker exited'), available);
      };
      const timer = setTimeout(() => {
        worker.off('exit', onExit);
        this.worker = undefined;
        worker.terminate().catch(() => undefined);
        finish(failAll('timeout', `timeout: evaluation did not finish within ${this.timeoutMs} ms`), 0);
      }, this.timeoutMs);
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.on('exit', onExit);
      try {
        worker.postMessage({ id, expressions, variables, budget: available } satisfies SandboxRequest);
      } catch (error) {
        clearTimeout(timer);
        reject(error);
      }
    });
  }
}

/** One-off isolated evaluation: starts a worker, evaluates, stops it. */
export async function evaluateIsolated(request: IsolatedRequest): Promise<IsolatedResult[]> {
  const sandbox = new CelSandbox(request.options, request.timeoutMs ?? 1000);
  try {
    return await sandbox.evaluate(request.expressions, request.variables, request.budget);
  } finally {
    await sandbox.close();
  }
}
