import { closeSync, constants, createReadStream, createWriteStream, openSync, readSync, statSync } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import { isKubeObject, type KubeObject } from '../core/resource.js';
import { ClusterError } from './api-client.js';
import type { Collection } from './collection.js';
import { sanitize } from './sanitize.js';

export const SNAPSHOT_API_VERSION = 'rampart.dev/v1alpha1';
export const SNAPSHOT_KIND = 'ClusterSnapshot';

/**
 * The snapshot file: one JSON document, gzipped. Objects are written as the scan kept them
 * (sanitized again on the way out and on the way in, so a hand-edited snapshot cannot smuggle
 * Secret values into a report). `items` comes last, so the facts are at the top of the file.
 */
export async function writeSnapshot(collection: Collection, file: string, createdAt = new Date()): Promise<void> {
  const { objects, ...facts } = collection;
  const head = JSON.stringify({
    apiVersion: SNAPSHOT_API_VERSION,
    kind: SNAPSHOT_KIND,
    createdAt: createdAt.toISOString(),
    ...facts,
  });
  // Streamed an object at a time: 100,000 objects never become one string.
  async function* chunks() {
    yield `${head.slice(0, -1)},"items":[`;
    for (let i = 0; i < objects.length; i++)
      yield `${i ? ',' : ''}\n${JSON.stringify(sanitize(objects[i] as KubeObject))}`;
    yield '\n]}\n';
  }
  await pipeline(Readable.from(chunks()), createGzip(), createWriteStream(file, { mode: 0o600 }));
}

/** Whether a file is a snapshot by its name or its first bytes (gzip): `rampart scan cluster.json.gz`. */
export function isSnapshotFile(file: string): boolean {
  if (file.endsWith('.json.gz')) return true;
  let fd: number | undefined;
  try {
    // only regular files: opening a FIFO or a device to peek would block, or consume its data
    if (!statSync(file).isFile()) return false;
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
    const magic = Buffer.alloc(2);
    return readSync(fd, magic, 0, 2, 0) === 2 && magic[0] === 0x1f && magic[1] === 0x8b;
  } catch {
    return false;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Reads a snapshot back into the collection it was written from. Errors never quote the content. */
export async function readSnapshot(file: string): Promise<Collection> {
  let text: string;
  try {
    text = await gunzipText(file);
  } catch {
    throw new ClusterError(`${file}: not a gzipped snapshot (write one with rampart cluster snapshot -o ${file})`);
  }
  let doc: Record<string, unknown>;
  try {
    doc = JSON.parse(text) as Record<string, unknown>;
  } catch {
    throw new ClusterError(`${file}: the snapshot is not valid JSON`);
  }
  if (doc?.apiVersion !== SNAPSHOT_API_VERSION || doc.kind !== SNAPSHOT_KIND)
    throw new ClusterError(`${file}: not a Rampart cluster snapshot (${SNAPSHOT_API_VERSION} ${SNAPSHOT_KIND})`);
  const list = <T>(value: unknown): T[] => (Array.isArray(value) ? (value as T[]) : []);
  const items = list<unknown>(doc.items);
  const objects = items.filter(isKubeObject).map(sanitize);
  if (objects.length !== items.length)
    throw new ClusterError(`${file}: an item of the snapshot is not a Kubernetes object`);
  const version = (doc.serverVersion ?? {}) as Collection['serverVersion'];
  return {
    context: typeof doc.context === 'string' ? doc.context : 'snapshot',
    cluster: typeof doc.cluster === 'string' ? doc.cluster : typeof doc.context === 'string' ? doc.context : 'snapshot',
    ...(typeof doc.namespace === 'string' ? { namespace: doc.namespace } : {}),
    serverVersion: version,
    groupVersions: list<string>(doc.groupVersions).filter((v) => typeof v === 'string'),
    resources: list(doc.resources),
    undiscovered: list(doc.undiscovered),
    skipped: list(doc.skipped),
    objects,
  };
}

async function gunzipText(file: string): Promise<string> {
  const chunks: string[] = [];
  const gunzip = createGunzip();
  gunzip.setEncoding('utf8');
  gunzip.on('data', (chunk: string) => chunks.push(chunk));
  await pipeline(createReadStream(file), gunzip);
  return chunks.join('');
}
