/*
 * What every oracle suite shares: a tally of cases where Rampart and the API server agree or not,
 * and the documented, version-specific differences that explain a disagreement.
 */
import type { ControlPlane } from '../support/control-plane/index.js';

export interface Explanation {
  /** A short id, listed with its reason in docs/conformance.md. */
  id: string;
  reason: string;
}

export interface Disagreement {
  case: string;
  detail: string;
  explained?: Explanation;
}

export class Tally {
  agree = 0;
  readonly disagreements: Disagreement[] = [];
  /** Cases the server refused before judging (invalid objects): not counted either way. */
  readonly notJudged: { case: string; detail: string }[] = [];

  constructor(readonly name: string) {}

  record(name: string, problem: string | undefined, explained?: Explanation): void {
    if (problem === undefined) this.agree++;
    else this.disagreements.push({ case: name, detail: problem, ...(explained ? { explained } : {}) });
  }

  get unexplained(): Disagreement[] {
    return this.disagreements.filter((d) => !d.explained);
  }

  summary(): string {
    const explained = this.disagreements.length - this.unexplained.length;
    const extra = [
      explained ? `${explained} explained` : '',
      this.notJudged.length ? `${this.notJudged.length} not judged` : '',
    ].filter(Boolean);
    return `${this.name}: ${this.agree} agree, ${this.disagreements.length} disagree${extra.length ? ` (${extra.join(', ')})` : ''}`;
  }

  /** The summary, then each disagreement (explained ones grouped by explanation), for the log. */
  report(limit = 40): string {
    const lines = [this.summary()];
    const byExplanation = new Map<string, Disagreement[]>();
    for (const d of this.disagreements) {
      if (!d.explained) continue;
      const list = byExplanation.get(d.explained.id) ?? [];
      list.push(d);
      byExplanation.set(d.explained.id, list);
    }
    for (const [id, list] of byExplanation) {
      lines.push(`  explained (${id}, ${list.length}): ${list[0]?.explained?.reason}`);
      lines.push(`    e.g. ${list[0]?.case}: ${list[0]?.detail}`);
    }
    const unexplained = this.unexplained;
    for (const d of unexplained.slice(0, limit)) lines.push(`  DISAGREE ${d.case}: ${d.detail}`);
    if (unexplained.length > limit) lines.push(`  … and ${unexplained.length - limit} more`);
    const reasons = new Map<string, number>();
    for (const n of this.notJudged) reasons.set(n.detail, (reasons.get(n.detail) ?? 0) + 1);
    for (const [detail, count] of reasons) lines.push(`  not judged (${count}): ${detail}`);
    return lines.join('\n');
  }
}

export interface OracleContext {
  cp: ControlPlane;
  /** Seed of the generators; printed, so a failing run can be repeated (RAMPART_ORACLE_SEED). */
  seed: number;
  log: (line: string) => void;
}

export type OracleSuite = (ctx: OracleContext) => Promise<Tally[]>;

/** A small, fast, seeded generator (mulberry32): the same seed gives the same cases everywhere. */
export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  int(max: number): number {
    return Math.floor(this.next() * max);
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)] as T;
  }

  /** A random subset, each item kept with probability p. */
  some<T>(items: readonly T[], p = 0.3): T[] {
    return items.filter(() => this.chance(p));
  }
}

/** Creates a namespace (with labels) and its default ServiceAccount, which pod admission needs. */
export async function createNamespace(
  cp: ControlPlane,
  name: string,
  labels: Record<string, string> = {},
): Promise<void> {
  await cp.http.create('/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } });
  // The controller manager makes it too, moments later; pods created before then would be refused.
  await cp.http.create(
    `/api/v1/namespaces/${name}/serviceaccounts`,
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default' } },
    true,
  );
}
