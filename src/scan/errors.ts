/**
 * A usage, input or configuration problem the user must fix (a bad flag, an invalid rampart.yaml,
 * a baseline that is not a scan document): printed without a stack trace, exit code 2.
 */
export class UsageError extends Error {}
