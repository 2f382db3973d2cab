import type { KubeObject } from '../core/resource.js';

/** The part of an `admission.k8s.io/v1` AdmissionRequest the webhook reads. */
export interface AdmissionRequest {
  uid: string;
  kind: { group: string; version: string; kind: string };
  resource: { group: string; version: string; resource: string };
  subResource?: string;
  name?: string;
  namespace?: string;
  operation: 'CREATE' | 'UPDATE' | 'DELETE' | 'CONNECT';
  userInfo?: { username?: string; groups?: string[] };
  /** Absent for DELETE and CONNECT. */
  object?: KubeObject;
  oldObject?: KubeObject;
  dryRun?: boolean;
}

export interface AdmissionResponse {
  uid: string;
  allowed: boolean;
  status?: { code: number; reason?: string; message: string };
  warnings?: string[];
  auditAnnotations?: Record<string, string>;
  patchType?: 'JSONPatch';
  /** Base64 of the JSON Patch. */
  patch?: string;
}

/** Which configuration called: the ValidatingWebhookConfiguration or the Mutating one. */
export type ReviewPath = 'validate' | 'mutate';

/** One AdmissionReview the server read and checked, ready to judge. */
export interface AdmissionCall {
  path: ReviewPath;
  request: AdmissionRequest;
}

/** What judges a call; the wrappers (filter, timeout, failure policy, metrics) each return one. */
export type ReviewHandler = (call: AdmissionCall) => Promise<AdmissionResponse>;

export function allow(uid: string, extra: Omit<AdmissionResponse, 'uid' | 'allowed'> = {}): AdmissionResponse {
  return { uid, allowed: true, ...extra };
}

export function deny(uid: string, code: number, reason: string, message: string): AdmissionResponse {
  return { uid, allowed: false, status: { code, reason, message } };
}

export function reviewOf(response: AdmissionResponse): unknown {
  return { apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', response };
}

/** An HTTP answer other than a review: a body too large, a review that does not parse. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}
