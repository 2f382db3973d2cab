import { spawn } from 'node:child_process';
import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import path from 'node:path';
import { redact } from '../core/redact.js';
import { type Decoded, decode } from './read-input.js';

/**
 * Helm charts and kustomizations are not manifests until they are rendered: a chart's templates
 * hold `{{ }}` that no YAML parser reads, and a kustomization's patches are fragments. A directory
 * that is one of them is rendered with the tool on PATH (helm, kustomize, or kubectl's built-in
 * kustomize) and the output is scanned; without the tool, the input error says how to render it.
 */
export type Renderer = 'helm' | 'kustomize';

export const KUSTOMIZATION_FILES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];

/** Renders slower than this are stopped: a chart that pulls dependencies over a dead network should fail, not hang CI. */
export const RENDER_TIMEOUT_MS = 120_000;

export interface RenderOptions {
  /** Where to look for the tools (PATH). */
  path: string | undefined;
  /** The namespace the manifests are applied to: Helm's release namespace. */
  namespace?: string;
  /** Output above this is refused, as a file above it would be. */
  maxSize: number;
  timeoutMs?: number;
}

/** What a directory is: a Helm chart (Chart.yaml and templates/), a kustomization, or neither. */
export async function rendererOf(dir: string): Promise<Renderer | undefined> {
  if ((await isFile(path.join(dir, 'Chart.yaml'))) && (await isDirectory(path.join(dir, 'templates')))) return 'helm';
  for (const name of KUSTOMIZATION_FILES) if (await isFile(path.join(dir, name))) return 'kustomize';
  return undefined;
}

/** Renders the directory, or says why not and how to do it by hand. */
export async function renderDirectory(dir: string, renderer: Renderer, options: RenderOptions): Promise<Decoded> {
  const command = await commandFor(dir, renderer, options);
  if (!command) return { error: howTo(dir, renderer) };
  return run(command, options);
}

interface Command {
  tool: string;
  file: string;
  args: string[];
}

async function commandFor(dir: string, renderer: Renderer, options: RenderOptions): Promise<Command | undefined> {
  if (renderer === 'helm') {
    const helm = await onPath('helm', options.path);
    if (!helm) return undefined;
    const namespace = options.namespace ? ['--namespace', options.namespace] : [];
    return { tool: 'helm template', file: helm, args: ['template', ...namespace, '--', dir] };
  }
  const kustomize = await onPath('kustomize', options.path);
  if (kustomize) return { tool: 'kustomize build', file: kustomize, args: ['build', '--', dir] };
  const kubectl = await onPath('kubectl', options.path);
  return kubectl ? { tool: 'kubectl kustomize', file: kubectl, args: ['kustomize', '--', dir] } : undefined;
}

function howTo(dir: string, renderer: Renderer): string {
  const quoted = shellQuote(dir);
  return renderer === 'helm'
    ? `is a Helm chart, and helm is not on PATH to render it: run helm template ${quoted} | rampart scan --stdin-name ${quoted} -`
    : `is a kustomization, and neither kustomize nor kubectl is on PATH to build it: run kubectl kustomize ${quoted} | rampart scan --stdin-name ${quoted} -`;
}

/** A path as a POSIX shell reads it back, for commands the message suggests. */
function shellQuote(text: string): string {
  return /^[\w./-]+$/.test(text) ? text : `'${text.replaceAll("'", "'\\''")}'`;
}

/** Runs the tool without a shell; stdout is bounded, stderr is kept for its first line. */
function run(command: Command, options: RenderOptions): Promise<Decoded> {
  return new Promise((resolve) => {
    const child = spawn(command.file, command.args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    let size = 0;
    let stderr = '';
    let failure: string | undefined;
    const stop = (why: string) => {
      failure ??= why;
      child.kill('SIGKILL');
    };
    const timer = setTimeout(
      () => stop(`did not finish within ${((options.timeoutMs ?? RENDER_TIMEOUT_MS) / 1000).toLocaleString('en')} s`),
      options.timeoutMs ?? RENDER_TIMEOUT_MS,
    );
    child.stdout.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > options.maxSize) stop('printed more than the file size limit (--max-file-size)');
      else chunks.push(chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      if (stderr.length < 4096) stderr += chunk.toString('utf8');
    });
    child.on('error', (error) => {
      clearTimeout(timer);
      resolve({ error: `could not be rendered: ${command.tool} did not start (${redact(error.message)})` });
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (failure) resolve({ error: `could not be rendered: ${command.tool} ${failure}` });
      else if (code !== 0) {
        // the tool's own words, first line, with anything quoted from the chart left out (values may be secrets)
        const reason = redact(stderr.trim().replace(/^Error:\s*/, '')) || `exit ${code ?? signal}`;
        resolve({ error: `could not be rendered: ${command.tool} failed: ${reason}` });
      } else resolve(decode(Buffer.concat(chunks)));
    });
  });
}

/** The executable `name` in the directories of PATH, as a shell would find it. */
async function onPath(name: string, searchPath: string | undefined): Promise<string | undefined> {
  for (const dir of (searchPath ?? '').split(path.delimiter)) {
    if (dir === '') continue;
    const candidate = path.join(dir, name);
    try {
      await access(candidate, constants.X_OK);
      if (await isFile(candidate)) return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

async function isFile(file: string): Promise<boolean> {
  return stat(file).then(
    (info) => info.isFile(),
    () => false,
  );
}

async function isDirectory(dir: string): Promise<boolean> {
  return stat(dir).then(
    (info) => info.isDirectory(),
    () => false,
  );
}
