import { isKubeObject } from '../core/resource.js';
import { type AdmissionRequest, HttpError } from './review.js';

const OPERATIONS = new Set(['CREATE', 'UPDATE', 'DELETE', 'CONNECT']);

/**
 * An AdmissionReview body, checked: `admission.k8s.io/v1`, kind AdmissionReview, a request with a
 * uid, kind, resource and operation, and an object for CREATE and UPDATE. Anything else is a 400
 * whose message names the field, never its value.
 */
export function parseReview(body: Buffer): AdmissionRequest {
  let review: unknown;
  try {
    review = JSON.parse(body.toString('utf8'));
  } catch {
    throw new HttpError(400, 'the body is not JSON');
  }
  if (!isRecord(review)) throw new HttpError(400, 'the body is not an AdmissionReview object');
  if (review.apiVersion !== 'admission.k8s.io/v1')
    throw new HttpError(400, 'apiVersion must be admission.k8s.io/v1 (set admissionReviewVersions: ["v1"])');
  if (review.kind !== 'AdmissionReview') throw new HttpError(400, 'kind must be AdmissionReview');
  const request = review.request;
  if (!isRecord(request)) throw new HttpError(400, 'request is missing');
  if (typeof request.uid !== 'string' || request.uid === '') throw new HttpError(400, 'request.uid is missing');
  if (!isGvk(request.kind)) throw new HttpError(400, 'request.kind must have group, version and kind');
  if (!isGvr(request.resource)) throw new HttpError(400, 'request.resource must have group, version and resource');
  if (typeof request.operation !== 'string' || !OPERATIONS.has(request.operation))
    throw new HttpError(400, 'request.operation must be CREATE, UPDATE, DELETE or CONNECT');
  for (const field of ['name', 'namespace', 'subResource'] as const) {
    if (request[field] !== undefined && typeof request[field] !== 'string')
      throw new HttpError(400, `request.${field} must be a string`);
  }
  const needsObject = request.operation === 'CREATE' || request.operation === 'UPDATE';
  if (needsObject && !isKubeObject(request.object))
    throw new HttpError(400, `request.object is missing or has no apiVersion and kind (${request.operation})`);
  if (request.operation === 'UPDATE' && request.oldObject !== undefined && !isKubeObject(request.oldObject))
    throw new HttpError(400, 'request.oldObject has no apiVersion and kind');
  return request as unknown as AdmissionRequest;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function isGvk(value: unknown): boolean {
  return (
    isRecord(value) &&
    typeof value.group === 'string' &&
    typeof value.version === 'string' &&
    typeof value.kind === 'string'
  );
}

function isGvr(value: unknown): boolean {
  return (
    isRecord(value) &&
    typeof value.group === 'string' &&
    typeof value.version === 'string' &&
    typeof value.resource === 'string'
  );
}
