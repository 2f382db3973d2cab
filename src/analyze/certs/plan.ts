import type { CertificateFacts } from './analyze.js';

const DAY = 86_400_000;

/** Residual time as people read it: `expired 3 days ago`, `12 days`, `2.9 years`. */
export function residual(notAfter: string, now: Date): string {
  const ms = Date.parse(notAfter) - now.getTime();
  const days = Math.floor(Math.abs(ms) / DAY);
  if (ms <= 0) return days === 0 ? 'expired today' : `expired ${days} day${days === 1 ? '' : 's'} ago`;
  if (days < 365) return `${days} day${days === 1 ? '' : 's'}`;
  return `${(days / 365).toFixed(1)} years`;
}

/** One entry per certificate: copies of it elsewhere (a CA embedded in every kubeconfig) are named with it. */
function distinct(facts: readonly CertificateFacts[]): { facts: CertificateFacts; copies: number }[] {
  const byPrint = new Map<string, { facts: CertificateFacts; copies: number }>();
  for (const f of facts) {
    const seen = byPrint.get(f.fingerprint);
    if (!seen) byPrint.set(f.fingerprint, { facts: f, copies: 0 });
    else {
      seen.copies++;
      if (f.source === 'pki' && seen.facts.source !== 'pki') seen.facts = f;
    }
  }
  return [...byPrint.values()];
}

const label = (entry: { facts: CertificateFacts; copies: number }) =>
  entry.copies
    ? `${entry.facts.where} (and ${entry.copies} cop${entry.copies === 1 ? 'y' : 'ies'})`
    : entry.facts.where;

/** The expiry table: every certificate once, soonest first. */
export function expiryTable(all: readonly CertificateFacts[], now: Date): string {
  const labels = new Map(distinct(all).map((e) => [e.facts, label(e)]));
  const facts = [...labels.keys()];
  const rows = [...facts].sort((a, b) => a.notAfter.localeCompare(b.notAfter) || a.where.localeCompare(b.where));
  const header = ['expires', 'left', 'certificate', 'CA', 'key', 'issued by'];
  const lines = rows.map((f) => [
    f.notAfter.slice(0, 10),
    residual(f.notAfter, now),
    labels.get(f) ?? f.where,
    f.isCA ? (f.pathLength === undefined ? 'yes' : `yes (path ${f.pathLength})`) : 'no',
    f.key,
    f.issuedBy ?? '(not found)',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => (l[i] as string).length)));
  const format = (cells: string[]) =>
    cells
      .map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(widths[i] as number)))
      .join('  ')
      .trimEnd();
  return [format(header), ...lines.map(format)].join('\n');
}

/**
 * The renewal plan, soonest first. A CA's renewal takes every certificate it signed with it (they
 * must be reissued, or trusted through a bundle with the new CA, before the old one expires); a
 * leaf that outlives its CA is only as good as the CA's date.
 */
export function renewalPlan(all: readonly CertificateFacts[], now: Date): string[] {
  const entries = distinct(all);
  const labels = new Map(entries.map((e) => [e.facts, label(e)]));
  const facts = entries.map((e) => e.facts);
  const effective = (f: CertificateFacts) =>
    f.issuerNotAfter && f.issuerNotAfter < f.notAfter ? f.issuerNotAfter : f.notAfter;
  const steps: string[] = [];
  const sorted = [...facts].sort((a, b) => effective(a).localeCompare(effective(b)) || a.where.localeCompare(b.where));
  const seen = new Set<string>();
  for (const f of sorted) {
    if (seen.has(f.where)) continue;
    seen.add(f.where);
    const when = `${effective(f).slice(0, 10)} (${residual(effective(f), now)})`;
    const signed = all.filter(
      (s) => s.issuedBy !== undefined && s.fingerprint !== f.fingerprint && signedBy(s, f, all),
    );
    if (f.isCA && signed.length > 0) {
      steps.push(
        `${when}: renew the CA ${labels.get(f)}, and with it the ${signed.length} certificate(s) it signed: ${signed.map((s) => s.where).join(', ')}`,
      );
    } else if (f.issuerNotAfter && f.issuerNotAfter < f.notAfter) {
      steps.push(`${when}: ${f.where} outlives its CA ${f.issuedBy}, and stops verifying when the CA expires`);
    } else {
      steps.push(
        `${when}: renew ${f.where}${f.issuedBy && f.issuedBy !== 'self-signed' ? ` (signed by ${f.issuedBy})` : ''}`,
      );
    }
  }
  return steps;
}

/** Whether `leaf` was issued by `ca` or by one of its copies. */
function signedBy(leaf: CertificateFacts, ca: CertificateFacts, all: readonly CertificateFacts[]): boolean {
  const issuer = all.find((f) => f.where === leaf.issuedBy);
  return issuer?.fingerprint === ca.fingerprint;
}
