import { type AdmissionRequest, allow, type ReviewHandler } from './review.js';

/**
 * Pod subresources that carry no pod spec to judge (Pod Security Admission's list). Any other pod
 * subresource (`ephemeralcontainers`, `resize`, one added later) carries a Pod and is judged: a
 * webhook older than its API server then fails safe.
 */
export const IGNORED_POD_SUBRESOURCES: ReadonlySet<string> = new Set([
  'exec',
  'attach',
  'binding',
  'eviction',
  'log',
  'portforward',
  'proxy',
  'status',
]);

export interface FilterOptions {
  /** Namespaces never judged: the webhook's own, so that it can always be repaired. */
  ignoreNamespaces?: readonly string[];
}

/** Why a request is allowed without being judged, or undefined when it is judged. */
export function skipReason(request: AdmissionRequest, options: FilterOptions = {}): string | undefined {
  if (request.operation !== 'CREATE' && request.operation !== 'UPDATE') return 'operation';
  const sub = request.subResource ?? '';
  if (sub !== '') {
    const isPod = request.resource.group === '' && request.resource.resource === 'pods';
    if (!isPod || IGNORED_POD_SUBRESOURCES.has(sub)) return 'subresource';
  }
  if (request.namespace && options.ignoreNamespaces?.includes(request.namespace)) return 'namespace';
  return undefined;
}

/** Answers requests the webhook does not judge with a plain allow; hands the rest on. */
export function withFilter(
  next: ReviewHandler,
  options: FilterOptions = {},
  onSkip?: (reason: string) => void,
): ReviewHandler {
  return async (call) => {
    const reason = skipReason(call.request, options);
    if (reason === undefined) return next(call);
    onSkip?.(reason);
    return allow(call.request.uid);
  };
}
