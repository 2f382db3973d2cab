/**
 * Command-line flags as the Kubernetes components read them (spf13/pflag): `--name=value`,
 * `--name value` for flags that take a value, a bare `--name` for booleans; a flag given twice
 * keeps its last value, except list flags, which pflag accumulates across repeats.
 */

/** Where one value came from, as findings print it. */
export interface ValueSource {
  from: 'flag' | 'env' | 'file' | 'drop-in' | 'default';
  /** `flag --profiling in /etc/kubernetes/manifests/kube-apiserver.yaml:21`, `default of kubelet with a config file`. */
  text: string;
  file?: string;
  line?: number;
}

export interface Setting {
  value: string;
  source: ValueSource;
}

/** One token of a command line, with where it was read. */
export interface ArgToken {
  text: string;
  /** 1-based line of the token in its file, when it came from one. */
  line?: number;
  /** The token's file when it differs from the command line's (a kubelet env file). */
  file?: string;
}

/**
 * Flags that never take the next token as their value. A bare boolean followed by a word is the
 * only ambiguity pflag resolves by knowing the flag's type; these are the booleans of the components
 * Rampart judges (a boolean not listed here is still read right when written `--flag=value`).
 */
const BOOLEAN_FLAGS = new Set([
  'allow-privileged',
  'anonymous-auth',
  'auto-tls',
  'client-cert-auth',
  'enable-aggregator-routing',
  'enable-priority-and-fairness',
  'leader-elect',
  'make-iptables-util-chains',
  'peer-auto-tls',
  'peer-client-cert-auth',
  'profiling',
  'protect-kernel-defaults',
  'rotate-certificates',
  'rotate-server-certificates',
  'service-account-lookup',
  'use-service-account-credentials',
  'v',
]);

/** Flags pflag declares as string slices: repeats add to the list. */
const LIST_FLAGS = new Set([
  'authorization-mode',
  'disable-admission-plugins',
  'enable-admission-plugins',
  'tls-cipher-suites',
  'feature-gates',
]);

/**
 * The effective flags of one command line. `where` names the command line in sources
 * (`/etc/kubernetes/manifests/etcd.yaml`, `process 812`); `file` is set when tokens carry lines.
 */
export function parseFlags(tokens: readonly ArgToken[], where: string, file?: string): Map<string, Setting> {
  const flags = new Map<string, Setting>();
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] as ArgToken;
    if (!token.text.startsWith('-') || token.text === '-' || token.text === '--') continue;
    const body = token.text.replace(/^--?/, '');
    const eq = body.indexOf('=');
    let name: string;
    let value: string;
    if (eq >= 0) {
      name = body.slice(0, eq);
      value = body.slice(eq + 1);
    } else {
      name = body;
      const next = tokens[i + 1];
      if (!BOOLEAN_FLAGS.has(name) && next && !next.text.startsWith('-')) {
        value = next.text;
        i++;
      } else value = 'true';
    }
    if (name === '') continue;
    const line = token.line;
    const tokenFile = token.file ?? file;
    const source: ValueSource = {
      from: 'flag',
      text: `flag --${name} ${tokenFile && line ? `in ${tokenFile}:${line}` : `of ${where}`}`,
      ...(tokenFile ? { file: tokenFile } : {}),
      ...(line ? { line } : {}),
    };
    const earlier = flags.get(name);
    const merged = earlier && LIST_FLAGS.has(name) && value !== '' ? `${earlier.value},${value}` : value;
    flags.set(name, { value: merged, source });
  }
  return flags;
}

/** A comma-separated flag value as a list, empty entries dropped. */
export function listOf(value: string | undefined): string[] {
  if (value === undefined) return [];
  return value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

/**
 * Splits an `Environment=` or env-file value the way systemd and sh do for the simple cases
 * kubeadm writes: whitespace-separated words, double or single quotes around a word or a value.
 */
export function splitWords(text: string): string[] {
  const words: string[] = [];
  let current = '';
  let quote: string | undefined;
  let inWord = false;
  for (const char of text) {
    if (quote) {
      if (char === quote) quote = undefined;
      else current += char;
    } else if (char === '"' || char === "'") {
      quote = char;
      inWord = true;
    } else if (char === ' ' || char === '\t' || char === '\n') {
      if (inWord) words.push(current);
      current = '';
      inWord = false;
    } else {
      current += char;
      inWord = true;
    }
  }
  if (inWord) words.push(current);
  return words;
}
