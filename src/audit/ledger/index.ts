/** The tamper-evident, encrypted ledger of audit events or alerts. */
export { type Checkpoint, parseCheckpoint } from './checkpoint.js';
export { KeyError, type KeyRing, type LedgerKey, parseKeys } from './keys.js';
export { FILES, Ledger, LedgerError, type LedgerOptions } from './ledger.js';
export { type ReadEntry, readLedger } from './read.js';
export { type VerifyOptions, type VerifyReport, verifyLedger } from './verify.js';
