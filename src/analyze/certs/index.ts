export { analyzeCertificates, type CertificateFacts } from './analyze.js';
export { CERTIFICATE_RESOURCES } from './objects.js';
export { expiryTable, renewalPlan, residual } from './plan.js';
export { type Discovery, discover, discoverObjects, type FoundCertificate, pemCertificates } from './sources.js';
