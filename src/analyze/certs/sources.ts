import { createPrivateKey, createPublicKey, type KeyObject, X509Certificate } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { objectPems } from './objects.js';

/** One certificate found, with where: a PEM file, a kubeconfig field, a Secret, a caBundle. */
export interface FoundCertificate {
  certificate: X509Certificate;
  /** `/etc/kubernetes/pki/apiserver.crt`, `admin.conf users[0] client-certificate-data`. */
  where: string;
  file: string;
  source: 'pki' | 'kubeconfig' | 'secret' | 'configMap' | 'caBundle';
  /** Position in a bundle of several certificates. */
  index: number;
  /** The private key beside it, when one was found. */
  key?: { where: string; key?: KeyObject; problem?: string };
  /** The CA a kubeconfig names for the server this certificate belongs to. */
  trustedBy?: string;
  /** The server URL host a kubeconfig's CA must vouch for. */
  serverHost?: string;
}

export interface FoundKey {
  where: string;
  key: KeyObject;
}

export interface Discovery {
  certificates: FoundCertificate[];
  /** Service-account signing keys (`sa.pub`, `sa.key`) and other lone keys. */
  signingKeys: FoundKey[];
  /** Kubeconfigs' server hosts: names the API server's certificate must carry. */
  servedNames: Set<string>;
  /** Hosts of a static etcd pod's `--advertise-client-urls`: names etcd's serving certificate must carry. */
  etcdNames: Set<string>;
  problems: { subject: string; message: string }[];
  /** The kubeconfig context, when the certificates were read from a cluster rather than files. */
  context?: string;
}

const MAX_FILES = 5_000;
const MAX_BYTES = 4 * 1024 * 1024;
const PEM = /-----BEGIN ([A-Z0-9 ]+)-----([^-]*)-----END \1-----/g;

/** Reads PKI directories, PEM files, kubeconfigs and manifests (TLS Secrets, webhook and APIService caBundles). */
export function discover(paths: readonly string[], cwd: string): Discovery {
  const found = emptyDiscovery();
  const files: string[] = [];
  for (const given of paths) collect(path.resolve(cwd, given), given, files, found);
  // Files are named as the user gave them: relative to the working directory when below it.
  const shown = (file: string) => {
    const relative = path.relative(cwd, file);
    return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : file;
  };
  for (const file of files.slice(0, MAX_FILES)) readOne(shown(file), found, path.resolve(cwd, file));
  if (files.length > MAX_FILES)
    found.problems.push({
      subject: paths.join(' '),
      message: `hold more than ${MAX_FILES} files; the rest were not read`,
    });
  return found;
}

function emptyDiscovery(): Discovery {
  return { certificates: [], signingKeys: [], servedNames: new Set(), etcdNames: new Set(), problems: [] };
}

function collect(fsPath: string, shown: string, files: string[], found: Discovery): void {
  let stat: ReturnType<typeof statSync>;
  try {
    stat = statSync(fsPath);
  } catch (error) {
    found.problems.push({ subject: shown, message: unreadable(error) });
    return;
  }
  if (!stat.isDirectory()) {
    files.push(fsPath);
    return;
  }
  const walk = (dir: string, depth: number) => {
    let names: string[];
    try {
      names = readdirSync(dir).sort();
    } catch (error) {
      found.problems.push({ subject: dir, message: unreadable(error) });
      return;
    }
    for (const name of names) {
      if (files.length > MAX_FILES) return;
      const child = path.join(dir, name);
      let childStat: ReturnType<typeof statSync>;
      try {
        childStat = statSync(child);
      } catch (error) {
        found.problems.push({ subject: child, message: unreadable(error) });
        continue;
      }
      if (childStat.isDirectory()) {
        if (depth < 4) walk(child, depth + 1);
      } else if (/\.(crt|pem|cert|cer|key|pub|conf|kubeconfig|ya?ml|json)$/.test(name) || name === 'config')
        files.push(child);
    }
  };
  walk(fsPath, 0);
}

function readOne(file: string, found: Discovery, fsFile: string): void {
  let text: string;
  try {
    const buffer = readFileSync(fsFile);
    if (buffer.length > MAX_BYTES) {
      found.problems.push({ subject: file, message: 'is larger than 4 MiB; not read' });
      return;
    }
    text = buffer.toString('utf8');
  } catch (error) {
    found.problems.push({ subject: file, message: unreadable(error) });
    return;
  }
  if (/\.(ya?ml|json|conf|kubeconfig)$/.test(file) || path.basename(file) === 'config') {
    if (!text.includes('-----BEGIN')) {
      readYaml(file, text, found, fsFile);
      return;
    }
  }
  if (file.endsWith('.key') || file.endsWith('.pub')) {
    readKeyFile(file, text, found, fsFile);
    return;
  }
  const certificates = pemCertificates(text, file, 'pki', found);
  if (certificates.length === 0 && /\.(crt|pem|cert|cer)$/.test(file) && !text.includes('-----END CERTIFICATE-----'))
    found.problems.push({
      subject: file,
      message: text.includes('-----BEGIN CERTIFICATE') ? 'holds a truncated certificate' : 'holds no PEM certificate',
    });
  const stem = file.replace(/\.(crt|pem|cert|cer)$/, '');
  const keyFile = `${stem}.key`;
  for (const c of certificates) {
    if (c.index === 0 && keyFile !== file) {
      const key = readPairedKey(keyFile, fsFile.replace(/\.(crt|pem|cert|cer)$/, '.key'));
      if (key) c.key = key;
    }
    found.certificates.push(c);
  }
}

/** The certificates of a PEM text; a block that does not parse is a problem, not an exception. */
export function pemCertificates(
  text: string,
  where: string,
  source: FoundCertificate['source'],
  found: Pick<Discovery, 'problems'>,
  file = where,
): FoundCertificate[] {
  const out: FoundCertificate[] = [];
  let index = 0;
  for (const match of text.matchAll(PEM)) {
    if (match[1] !== 'CERTIFICATE') continue;
    try {
      const certificate = new X509Certificate(Buffer.from((match[2] ?? '').replace(/\s+/g, ''), 'base64'));
      out.push({ certificate, where: index === 0 ? where : `${where} #${index + 1}`, file, source, index });
    } catch {
      found.problems.push({ subject: where, message: `certificate #${index + 1} is not a valid X.509 certificate` });
    }
    index++;
  }
  return out;
}

function readPairedKey(keyFile: string, fsKeyFile: string): FoundCertificate['key'] | undefined {
  let text: string;
  try {
    text = readFileSync(fsKeyFile, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'ENOENT' ? undefined : { where: keyFile, problem: unreadable(error) };
  }
  return { where: keyFile, ...parseKey(text) };
}

function parseKey(text: string): { key?: KeyObject; problem?: string } {
  if (/ENCRYPTED/.test(text)) return { problem: 'is encrypted; its match with the certificate was not checked' };
  try {
    return { key: createPrivateKey(text) };
  } catch {
    return { problem: 'is not a readable private key' };
  }
}

function readKeyFile(file: string, text: string, found: Discovery, fsFile: string): void {
  // A key beside a certificate is read with the certificate; a lone key is a signing key (sa.key, sa.pub).
  if (/\.key$/.test(file)) {
    for (const ext of ['.crt', '.pem']) {
      try {
        statSync(fsFile.replace(/\.key$/, ext));
        return;
      } catch {
        // no certificate beside it
      }
    }
  }
  if (file.endsWith('.pub')) {
    try {
      found.signingKeys.push({ where: file, key: createPublicKey(text) });
    } catch {
      found.problems.push({ subject: file, message: 'is not a readable public key' });
    }
    return;
  }
  const parsed = parseKey(text);
  if (parsed.key) found.signingKeys.push({ where: file, key: createPublicKey(parsed.key) });
  else found.problems.push({ subject: file, message: parsed.problem ?? 'is not a readable key' });
}

type Doc = Record<string, unknown>;
const isDoc = (v: unknown): v is Doc => v !== null && typeof v === 'object' && !Array.isArray(v);

function readYaml(file: string, text: string, found: Discovery, fsFile: string): void {
  let docs: unknown[];
  try {
    docs = parseAllDocuments(text, { uniqueKeys: false }).map((d) => d.toJS({ maxAliasCount: 100 }));
  } catch {
    return; // not YAML at all: not ours to judge
  }
  for (const doc of docs.slice(0, 10_000)) {
    if (!isDoc(doc)) continue;
    if (doc.kind === 'Config' && Array.isArray(doc.clusters)) readKubeconfig(file, doc, found, fsFile);
    else if (doc.kind === 'List' && Array.isArray(doc.items))
      for (const item of doc.items.slice(0, 10_000)) readObject(file, item, found);
    else readObject(file, doc, found);
  }
}

function readObject(file: string, object: unknown, found: Discovery): void {
  if (isDoc(object) && object.kind === 'Pod') servedByApiserver(object, found);
  for (const pem of objectPems(object))
    found.certificates.push(...pemCertificates(pem.pem, `${file} ${pem.name} ${pem.field}`, pem.source, found, file));
}

/**
 * The certificates of a cluster's objects (read live or from a snapshot): each named
 * `kind/namespace/name field`, with the kubeconfig context they were read through.
 */
export function discoverObjects(objects: readonly unknown[], context: string): Discovery {
  const found: Discovery = { ...emptyDiscovery(), context };
  for (const object of objects)
    for (const pem of objectPems(object))
      found.certificates.push(...pemCertificates(pem.pem, `${pem.name} ${pem.field}`, pem.source, found, ''));
  return found;
}

/** Names static pods are reached by: the API server's `--advertise-address`, etcd's `--advertise-client-urls`. */
function servedByApiserver(pod: Doc, found: Discovery): void {
  const spec = isDoc(pod.spec) ? pod.spec : {};
  const containers = Array.isArray(spec.containers) ? spec.containers.slice(0, 100) : [];
  for (const container of containers) {
    if (!isDoc(container)) continue;
    const argv = [container.command, container.args].flatMap((list) => (Array.isArray(list) ? list : []));
    const binary = String(argv[0] ?? '');
    for (const arg of argv.slice(0, 1000)) {
      const text = String(arg);
      if (binary.endsWith('kube-apiserver') && text.startsWith('--advertise-address='))
        found.servedNames.add(text.slice('--advertise-address='.length));
      if (binary.endsWith('etcd') && text.startsWith('--advertise-client-urls=')) {
        for (const url of text.slice('--advertise-client-urls='.length).split(',')) {
          try {
            found.etcdNames.add(new URL(url).hostname.replace(/^\[|\]$/g, ''));
          } catch {
            // not a URL: names nothing
          }
        }
      }
    }
  }
}

function readKubeconfig(file: string, doc: Doc, found: Discovery, fsFile: string): void {
  const dir = path.dirname(fsFile);
  const fromField = (entry: Doc, dataKey: string, fileKey: string, label: string): string | undefined => {
    if (typeof entry[dataKey] === 'string') return Buffer.from(entry[dataKey] as string, 'base64').toString('utf8');
    const ref = entry[fileKey];
    if (typeof ref !== 'string') return undefined;
    const target = path.resolve(dir, ref);
    try {
      return readFileSync(target, 'utf8');
    } catch (error) {
      found.problems.push({ subject: file, message: `${label} names ${fileKey} that ${unreadable(error)}` });
      return undefined;
    }
  };
  const clusters = (doc.clusters as unknown[]).slice(0, 100);
  clusters.forEach((entry, i) => {
    const cluster = isDoc(entry) && isDoc(entry.cluster) ? entry.cluster : undefined;
    if (!cluster) return;
    const label = `clusters[${i}]`;
    if (typeof cluster.server === 'string') {
      try {
        found.servedNames.add(new URL(cluster.server).hostname.replace(/^\[|\]$/g, ''));
      } catch {
        // an unparsable server URL names nothing
      }
    }
    const ca = fromField(cluster, 'certificate-authority-data', 'certificate-authority', label);
    if (ca)
      found.certificates.push(
        ...pemCertificates(ca, `${file} ${label} certificate-authority`, 'kubeconfig', found, file),
      );
  });
  const users = Array.isArray(doc.users) ? doc.users.slice(0, 100) : [];
  users.forEach((entry, i) => {
    const user = isDoc(entry) && isDoc(entry.user) ? entry.user : undefined;
    if (!user) return;
    const label = `users[${i}]`;
    const cert = fromField(user, 'client-certificate-data', 'client-certificate', label);
    if (!cert) return;
    const certs = pemCertificates(cert, `${file} ${label} client-certificate`, 'kubeconfig', found, file);
    const keyText = fromField(user, 'client-key-data', 'client-key', label);
    if (certs[0] && keyText !== undefined)
      certs[0].key = { where: `${file} ${label} client-key`, ...parseKey(keyText) };
    found.certificates.push(...certs);
  });
}

function unreadable(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'does not exist';
  if (code === 'EACCES') return 'cannot be read (permission denied)';
  return `cannot be read (${code ?? 'error'})`;
}
