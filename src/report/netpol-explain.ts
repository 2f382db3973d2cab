import type { Explanation, SideExplanation } from '../analyze/netpol/index.js';

/**
 * The explanation as text: the verdict first, then each direction with the policies that isolate
 * it and the rules that match the other end, each with where it is written.
 */
export function formatExplanation(explanation: Explanation): string {
  const what = explanation.probe ?? 'any connection';
  const verdict = explanation.allowed ? 'ALLOWED' : 'DENIED';
  let out = `${explanation.from} => ${explanation.to} : ${what}: ${verdict}\n`;
  if (!explanation.probe) out += `  allowed connections: ${explanation.conn}\n`;
  out += side('egress', explanation.from, explanation.egress);
  out += side('ingress', explanation.to, explanation.ingress);
  return out;
}

function side(label: string, name: string, s: SideExplanation): string {
  let out = `\n${label} of ${name}: ${s.allowed ? 'allowed' : 'denied'}${s.isolated ? ` (${s.conn})` : ''}\n`;
  out += `  ${s.reason}\n`;
  for (const rule of s.rules) {
    const where = rule.location ? `  [${rule.location.file}:${rule.location.line}]` : '';
    const peer = rule.peer ?? `${rule.rule} (lists no peers: admits everyone)`;
    const mark = rule.admits ? '+' : '-';
    out += `  ${mark} ${rule.policy} ${peer}: ports ${rule.ports} -> ${rule.conn}${where}\n`;
  }
  return out;
}
