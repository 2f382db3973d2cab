import { redactedMessage } from '../core/redact.js';
import { allow, deny, type ReviewHandler } from './review.js';
import { ReviewTimeout } from './timeout.js';

/** As in the webhook configuration: what an error means for the request. */
export type FailurePolicy = 'Fail' | 'Ignore';

/**
 * Turns an error in judging (a timeout, a bug) into the answer the failure policy declares, in a
 * well-formed review: `Fail` denies with 500 and says why, `Ignore` allows with a warning. The API
 * server would apply the same policy to a broken answer, but only after its own timeout and
 * without telling the user what happened.
 */
export function withFailurePolicy(
  next: ReviewHandler,
  policy: FailurePolicy,
  onError?: (error: unknown, kind: 'timeout' | 'error') => void,
): ReviewHandler {
  return async (call) => {
    try {
      return await next(call);
    } catch (error) {
      const kind = error instanceof ReviewTimeout ? 'timeout' : 'error';
      onError?.(error, kind);
      const why =
        kind === 'timeout'
          ? `rampart gave no decision in time (${(error as ReviewTimeout).ms} ms)`
          : `rampart could not judge this request: ${redactedMessage(error)}`;
      if (policy === 'Fail')
        return deny(call.request.uid, 500, 'InternalError', `${why}; failurePolicy Fail denies it`);
      return allow(call.request.uid, { warnings: [`${why}; failurePolicy Ignore admits it unjudged`] });
    }
  };
}
