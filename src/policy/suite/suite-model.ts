import type { KubeObject } from '../../core/resource.js';
import type { Operation, UserInfo } from '../admission-policy/index.js';

/**
 * A declarative admission test suite (`suite.yaml`): the policy files, the objects the cases
 * refer to, and cases — a request and what the admission chain must answer. See docs/policy.md.
 */
export interface Suite {
  file: string;
  name: string;
  kubernetesVersion: string | undefined;
  /** Files or directories with policies and bindings (params, Namespaces and CRDs may sit beside them). */
  policies: string[];
  /** More objects: params, Namespaces, CRDs. */
  params: string[];
  /** Objects the cases name as `Kind/name` or `Kind/namespace/name`. */
  resources: string[];
  /** What the `authorizer` variable allows; nothing when absent. */
  grants: Grant[];
  cases: SuiteCase[];
}

/** One permission the suite's authorizer grants: every field given must match (`*` for any). */
export interface Grant {
  user?: string;
  verb?: string;
  group?: string;
  resource?: string;
  subresource?: string;
  namespace?: string;
  name?: string;
  path?: string;
}

export const GRANT_FIELDS = ['user', 'verb', 'group', 'resource', 'subresource', 'namespace', 'name', 'path'] as const;

/** An object written inline, or a reference to one of the suite's resources or to a file. */
export type ObjectSpec = { inline: KubeObject } | { ref: string } | { file: string };

export interface SuiteCase {
  name: string;
  /** 1-based line of the case in suite.yaml. */
  line: number;
  operation: Operation;
  /** The object written (for DELETE, the object deleted). */
  resource: ObjectSpec;
  oldResource: ObjectSpec | undefined;
  namespace: string | undefined;
  subResource: string | undefined;
  userInfo: UserInfo | undefined;
  dryRun: boolean;
  expect: Expectation;
}

export interface Expectation {
  allowed?: boolean;
  denied?: { message?: string; reason?: string; code?: number; policy?: string };
  /** Exactly these warnings (bare messages or full header texts), in any order. */
  warned?: string[];
  /** Exactly these Audit validation failures (messages), in any order. */
  audited?: string[];
  /** Annotation values; null means the annotation must not be there. */
  auditAnnotations?: Record<string, string | null>;
  mutated?: ObjectSpec;
}
