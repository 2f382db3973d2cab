import path from 'node:path';
import { pathToFileURL } from 'node:url';

/** The name the loader gives standard input; it is no file, so no output may link to it. */
export const STDIN_NAME = '<stdin>';

/** Where a file lies relative to the working directory. */
export type FilePlace =
  | { kind: 'stdin' }
  /** Below cwd: a relative path with forward slashes, whatever the platform. */
  | { kind: 'inside'; relative: string }
  | { kind: 'outside'; absolute: string };

/** `file` as given (relative to `cwd`), placed relative to `root`: the working directory unless told otherwise. */
export function placeFile(file: string, cwd: string, root: string = cwd): FilePlace {
  if (file === STDIN_NAME) return { kind: 'stdin' };
  const absolute = path.resolve(cwd, file);
  const relative = path.relative(path.resolve(cwd, root), absolute);
  // On Windows a file on another drive has no relative path: `relative` comes back absolute.
  if (relative === '' || relative === '..' || relative.startsWith(`..${path.sep}`) || path.isAbsolute(relative)) {
    return { kind: 'outside', absolute };
  }
  return { kind: 'inside', relative: relative.split(path.sep).join('/') };
}

/** For people: relative below cwd, absolute elsewhere, `<stdin>` as is. */
export function displayFile(file: string, cwd: string): string {
  const place = placeFile(file, cwd);
  if (place.kind === 'stdin') return STDIN_NAME;
  return place.kind === 'inside' ? place.relative : place.absolute;
}

/** A relative URI reference: each segment percent-encoded, so spaces and `#` survive. */
export function relativeUri(relative: string): string {
  return relative.split('/').map(encodeURIComponent).join('/');
}

export function fileUri(absolute: string): string {
  return pathToFileURL(absolute).href;
}

/** `file:///work/repo/`: a directory URI must end with a slash for relative URIs to resolve under it. */
export function directoryUri(directory: string): string {
  const href = pathToFileURL(path.resolve(directory)).href;
  return href.endsWith('/') ? href : `${href}/`;
}
