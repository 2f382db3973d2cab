/** The newest policy version Rampart knows; `latest` and anything above it mean this one. */
export const LATEST_MINOR = 37;

const VERSION = /^v?1\.(\d+)$/;

/**
 * `latest`, `v1.N` or `1.N` → N, clamped to LATEST_MINOR the way the admission plugin clamps a
 * namespace pinned to a version newer than it knows. Anything else is undefined.
 */
export function parsePssVersion(text: string): number | undefined {
  if (text === 'latest') return LATEST_MINOR;
  const match = VERSION.exec(text);
  if (!match) return undefined;
  return Math.min(Number(match[1]), LATEST_MINOR);
}

/** A minor version as the evaluator reads it; a programming error is loud rather than a silent pass. */
export function clampMinor(minor: number): number {
  if (!Number.isInteger(minor) || minor < 0) {
    throw new RangeError(`a PSS version is a non-negative minor number, got ${minor}`);
  }
  return Math.min(minor, LATEST_MINOR);
}
