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

/** The expiry table: every certificate, soonest first. */
export function expiryTable(facts: readonly CertificateFacts[], now: Date): string {
  const rows = [...facts].sort((a, b) => a.notAfter.localeCompare(b.notAfter) || a.where.localeCompare(b.where));
  const header = ['expires', 'left', 'certificate', 'CA', 'key', 'issued by'];
  const lines = rows.map((f) => [
    f.notAfter.slice(0, 10),
    residual(f.notAfter, now),
    f.where,
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
export function renewalPlan(facts: readonly CertificateFacts[], now: Date): string[] {
  const byIssuer = new Map<string, CertificateFacts[]>();
  for (const f of facts) {
    if (!f.issuedBy || f.issuedBy === 'self-signed') continue;
    const list = byIssuer.get(f.issuedBy) ?? [];
    list.push(f);
    byIssuer.set(f.issuedBy, list);
  }
  const effective = (f: CertificateFacts) =>
    f.issuerNotAfter && f.issuerNotAfter < f.notAfter ? f.issuerNotAfter : f.notAfter;
  const steps: string[] = [];
  const sorted = [...facts].sort((a, b) => effective(a).localeCompare(effective(b)) || a.where.localeCompare(b.where));
  const seen = new Set<string>();
  for (const f of sorted) {
    if (seen.has(f.where)) continue;
    seen.add(f.where);
    const when = `${effective(f).slice(0, 10)} (${residual(effective(f), now)})`;
    const signed = byIssuer.get(f.where) ?? [];
    if (f.isCA && signed.length > 0) {
      steps.push(
        `${when}: renew the CA ${f.where}, and with it the ${signed.length} certificate(s) it signed: ${signed.map((s) => s.where).join(', ')}`,
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
