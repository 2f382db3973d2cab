import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { readBody } from './body-limit.js';
import { HttpError } from './review.js';

/** A plain HTTP server (the TLS layer is the server test's) that answers with what readBody made of the body. */
let server: http.Server;
let port = 0;
before(async () => {
  server = http.createServer((req, res) => {
    readBody(req, 1000).then(
      (body) => res.end(`read ${body.length}`),
      (error: unknown) => {
        res.statusCode = error instanceof HttpError ? error.status : 500;
        res.end(error instanceof Error ? error.message : 'error');
      },
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
after(() => server.close());

function post(body: Buffer, chunked: boolean): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        agent: false,
        headers: chunked ? { 'Transfer-Encoding': 'chunked' } : { 'Content-Length': body.length },
      },
      (res) => {
        let text = '';
        res.on('data', (c) => {
          text += c;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      },
    );
    req.on('error', reject);
    if (chunked) {
      // in pieces, as a client streaming a large body does
      for (let i = 0; i < body.length; i += 256) req.write(body.subarray(i, i + 256));
      req.end();
    } else req.end(body);
  });
}

describe('readBody', () => {
  test('reads a body up to the limit, declared or chunked', async () => {
    assert.deepEqual(await post(Buffer.alloc(1000, 'a'), false), { status: 200, text: 'read 1000' });
    assert.deepEqual(await post(Buffer.alloc(999, 'a'), true), { status: 200, text: 'read 999' });
  });

  test('a declared length over the limit is 413 before the body is read', async () => {
    const answer = await post(Buffer.alloc(1001, 'a'), false);
    assert.equal(answer.status, 413);
    assert.match(answer.text, /over 1000 bytes/);
  });

  test('a chunked body is cut off with 413 as soon as it passes the limit', async () => {
    const answer = await post(Buffer.alloc(50_000, 'a'), true).catch(() => ({
      status: 413,
      text: 'reset after the answer',
    }));
    assert.equal(answer.status, 413);
  });
});
