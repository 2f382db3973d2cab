import type { DiffLine } from '../analyze/netpol/index.js';

/** `rampart netpol diff` in the netpol-analyzer's forms. */
export const DIFF_FORMATS = ['txt', 'json', 'csv', 'md'] as const;
export type DiffFormat = (typeof DIFF_FORMATS)[number];

/** The diff in the netpol-analyzer's forms. */
export function formatDiff(lines: readonly DiffLine[], format: DiffFormat): string {
  const info = (l: DiffLine) => l.info ?? '';
  switch (format) {
    case 'txt':
      return `Connectivity diff:\n${lines
        .map(
          (l) =>
            `diff-type: ${l.type}, source: ${l.src}, destination: ${l.dst}, ref1: ${l.ref1}, ref2: ${l.ref2}${l.info ? `, workloads-diff-info: ${l.info}` : ''}\n`,
        )
        .join('')}`;
    case 'md':
      return `| diff-type | source | destination | ref1 | ref2 | workloads-diff-info |\n|-----------|--------|-------------|------|------|---------------------|\n${lines
        .map((l) => `| ${l.type} | ${l.src} | ${l.dst} | ${l.ref1} | ${l.ref2} | ${info(l)} |\n`)
        .join('')}`;
    case 'csv': {
      const q = (f: string) => (/[",\n]/.test(f) ? `"${f.replace(/"/g, '""')}"` : f);
      return `diff-type,source,destination,ref1,ref2,workloads-diff-info\n${lines
        .map((l) => [l.type, l.src, l.dst, l.ref1, l.ref2, info(l)].map(q).join(','))
        .map((row) => `${row}\n`)
        .join('')}`;
    }
    case 'json':
      return `${JSON.stringify(
        lines.map((l) => ({
          'diff-type': l.type,
          source: l.src,
          destination: l.dst,
          ref1: l.ref1,
          ref2: l.ref2,
          'workloads-diff-info': info(l),
        })),
        null,
        2,
      )}\n`;
  }
}
