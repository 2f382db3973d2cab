import { isMap, isScalar, isSeq, LineCounter, type Node, parseDocument } from 'yaml';
import type { ReadProblem } from './command-lines.js';
import type { Setting } from './flags.js';
import { readOptional } from './kubelet.js';

/**
 * The API server's structured configuration files, which replace flags upstream forbids beside
 * them: `--authorization-config` (AuthorizationConfiguration: the authorizers, in order) instead
 * of `--authorization-mode`, and `--authentication-config` (AuthenticationConfiguration, whose
 * `anonymous.enabled` replaces `--anonymous-auth` when set). Their values become the settings the
 * flag-named rules judge, with the file and line as source.
 */
export function apiserverConfigFiles(
  settings: Map<string, Setting>,
  resolve: (nodePath: string) => string,
  problems: ReadProblem[],
): void {
  const authz = settings.get('authorization-config')?.value;
  if (authz) {
    // The flag's default (AlwaysAllow) does not apply beside a configuration file, even an unreadable one.
    if (settings.get('authorization-mode')?.source.from === 'default') settings.delete('authorization-mode');
    const doc = readYamlDoc(authz, resolve, problems);
    const authorizers = doc?.root.get('authorizers', true) as Node | undefined;
    if (doc && isSeq(authorizers)) {
      const types: string[] = [];
      let line = 1;
      for (const item of authorizers.items.slice(0, 100)) {
        const type = isMap(item) ? item.get('type', true) : undefined;
        if (isScalar(type)) {
          types.push(String(type.value));
          if (types.length === 1) line = doc.lines.linePos(type.range?.[0] ?? 0).line;
        }
      }
      settings.set('authorization-mode', {
        value: types.join(','),
        source: { from: 'file', text: `authorizers of ${authz}:${line}`, file: authz, line },
      });
    }
  }
  const authn = settings.get('authentication-config')?.value;
  if (authn) {
    const doc = readYamlDoc(authn, resolve, problems);
    const anonymous = doc?.root.get('anonymous', true) as Node | undefined;
    const enabled = isMap(anonymous) ? (anonymous.get('enabled', true) as Node | undefined) : undefined;
    if (doc && isScalar(enabled)) {
      const line = doc.lines.linePos(enabled.range?.[0] ?? 0).line;
      settings.set('anonymous-auth', {
        value: String(enabled.value),
        source: { from: 'file', text: `anonymous.enabled in ${authn}:${line}`, file: authn, line },
      });
    }
  }
}

function readYamlDoc(
  file: string,
  resolve: (nodePath: string) => string,
  problems: ReadProblem[],
): { root: import('yaml').YAMLMap; lines: LineCounter } | undefined {
  const text = readOptional(resolve(file), file, problems, true);
  if (text === undefined) return undefined;
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: false, prettyErrors: false });
  if (doc.errors.length > 0 || !isMap(doc.contents)) {
    problems.push({ subject: file, message: 'is not a valid configuration file' });
    return undefined;
  }
  return { root: doc.contents, lines };
}
