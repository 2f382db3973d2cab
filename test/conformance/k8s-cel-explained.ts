/**
 * Cases of the Kubernetes CEL corpus that Rampart does not run (SKIPPED), or answers differently
 * from the upstream test for a reason stated here (EXPLAINED). Every other difference fails the
 * suite, and so does an explanation that no longer matches a difference (it would hide the next one).
 */

/** A case of the corpus, as the entries match it. */
export interface CaseKey {
  id: string;
  expr: string;
  /** The Kubernetes version the case runs at (`v1.37` unless the case says otherwise). */
  version: string;
}

export interface Entry {
  reason: string;
  match: (c: CaseKey) => boolean;
}

const byExpr = (pattern: RegExp, reason: string): Entry => ({ reason, match: (c) => pattern.test(c.expr) });
const byExprs = (exprs: string[], reason: string, version?: string): Entry => ({
  reason,
  match: (c) => exprs.includes(c.expr) && (version === undefined || c.version === version),
});

export const SKIPPED: Entry[] = [
  byExpr(/ExampleType\{/, 'uses a protobuf message type (ExampleType); Kubernetes objects are maps'),
];

export const EXPLAINED: Entry[] = [
  byExprs(
    ["self.objs[0][0].k! == '1'"],
    "a syntax error both, worded by Rampart's parser (unexpected '!') where cel-go's ANTLR grammar says mismatched input '!' expecting …",
  ),
  byExprs(
    ["url('https:://kubernetes.io/').getHostname() != 'test'"],
    'a URL accessor costs 0.1 per character of the URL it re-reads in Rampart, 1 on the API server (docs/security.md lists the difference): 6 here, 4 there',
  ),
  {
    reason:
      "Rampart's message names the version and library that introduced the function (\"'<function>' needs Kubernetes v1.34 (lists-ext library)\") where the API server says undeclared reference",
    match: (c) =>
      (['[1, 2].sort()', '[1].sortBy(e, e)', 'lists.range(2)'].includes(c.expr) && c.version === 'v1.33') ||
      (c.expr === '[1].includes(1)' && c.version === 'v1.36'),
  },
  byExprs(
    ["jsonpatch.escapeKey('k8s.io/my~label')"],
    "Rampart's message says where jsonpatch.escapeKey exists (MutatingAdmissionPolicy mutations) where the API server says undeclared reference to 'jsonpatch'",
  ),
  byExprs(
    ['dyn([1,[2,[3,[4]]]]).flatten()'],
    'the same compile error, another literal reported: cel-go reports every heterogeneous literal, outermost first; Rampart the first it meets, innermost',
  ),
  byExprs(
    ['timestamp(253402300800) == timestamp(0)'],
    'before v1.29 the API server folds a literal timestamp() when it builds the program, so the policy fails when it is stored; Rampart checks timestamp literals from v1.29, when Kubernetes added the check, and fails this one when it is evaluated',
  ),
];
