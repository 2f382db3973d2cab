import type { ReviewHandler } from './review.js';

export class ReviewTimeout extends Error {
  constructor(readonly ms: number) {
    super(`no decision within ${ms} ms`);
  }
}

/**
 * Gives up on a decision after `ms`, below the configuration's timeoutSeconds, so that the
 * failure policy answers (and says why) before the API server stops waiting and answers blind.
 */
export function withTimeout(next: ReviewHandler, ms: number): ReviewHandler {
  return (call) =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new ReviewTimeout(ms)), ms);
      next(call).then(
        (response) => {
          clearTimeout(timer);
          resolve(response);
        },
        (error: unknown) => {
          clearTimeout(timer);
          reject(error);
        },
      );
    });
}
