import type { IncomingMessage } from 'node:http';
import { HttpError } from './review.js';

/** Kubernetes objects are at most 1.5 MiB in etcd; a review carries the object and the old one, plus room. */
export const DEFAULT_BODY_LIMIT = 3 * 1024 * 1024;

/**
 * Reads a request body of at most `limit` bytes. A declared Content-Length above it is refused
 * before a byte is read, and a chunked body is cut off as soon as it passes the limit: 413 either
 * way, and the connection is closed so the rest is never buffered.
 */
export function readBody(request: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(request.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) {
      reject(new HttpError(413, `request body over ${limit} bytes`));
      request.resume();
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (error?: Error) => {
      if (done) return;
      done = true;
      request.off('data', onData);
      if (error) reject(error);
      else resolve(Buffer.concat(chunks, size));
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        chunks.length = 0;
        finish(new HttpError(413, `request body over ${limit} bytes`));
        request.resume();
        return;
      }
      chunks.push(chunk);
    };
    request.on('data', onData);
    request.once('end', () => finish());
    request.once('error', (error) => finish(error));
    request.once('close', () => finish(new HttpError(400, 'the client closed the connection before the body ended')));
  });
}
