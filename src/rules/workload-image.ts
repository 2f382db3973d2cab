/**
 * Container image references, read the way container runtimes read them
 * (`[registry[:port]/]path[:tag][@digest]`, Docker Hub as the default registry).
 */
export interface ImageReference {
  /** The reference as written. */
  readonly raw: string;
  /** The registry host (with port), `docker.io` when none is written. */
  readonly registry: string;
  /** Registry and repository, normalised and in lower case: `docker.io/library/nginx`, `registry:5000/team/app`. */
  readonly repository: string;
  /** The tag as written, or undefined when there is none. */
  readonly tag: string | undefined;
  /** A well-formed digest (`sha256:…`), or undefined. */
  readonly digest: string | undefined;
}

const DIGEST = /^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]{32,}$/;
const DOCKER_HUB = 'docker.io';

/** Parsed references by text; workloads share few images, and four rules read each. */
const cache = new Map<string, ImageReference>();
const CACHE_LIMIT = 20_000;

export function parseImage(raw: string): ImageReference {
  let parsed = cache.get(raw);
  if (parsed === undefined) {
    parsed = parse(raw);
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(raw, parsed);
  }
  return parsed;
}

function parse(raw: string): ImageReference {
  const at = raw.indexOf('@');
  const name = at === -1 ? raw : raw.slice(0, at);
  const digestText = at === -1 ? undefined : raw.slice(at + 1);
  const slash = name.lastIndexOf('/');
  const colon = name.lastIndexOf(':');
  const tag = colon > slash ? name.slice(colon + 1) : undefined;
  const path = tag === undefined ? name : name.slice(0, colon);
  const first = path.indexOf('/');
  const head = first === -1 ? '' : path.slice(0, first);
  // The first component is a registry when it looks like a host: a dot, a port, localhost, or upper case.
  const hasRegistry =
    first !== -1 && (head.includes('.') || head.includes(':') || head === 'localhost' || head !== head.toLowerCase());
  let registry = hasRegistry ? head.toLowerCase() : DOCKER_HUB;
  if (registry === 'index.docker.io') registry = DOCKER_HUB;
  let rest = hasRegistry ? path.slice(first + 1) : path;
  if (registry === DOCKER_HUB && !rest.includes('/')) rest = `library/${rest}`;
  return {
    raw,
    registry,
    repository: `${registry}/${rest.toLowerCase()}`,
    tag,
    digest: digestText !== undefined && DIGEST.test(digestText) ? digestText : undefined,
  };
}

/** The image field of a container when it is a non-empty string. */
export function imageOf(container: Readonly<Record<string, unknown>>): string | undefined {
  const image = container.image;
  return typeof image === 'string' && image.trim() !== '' ? image.trim() : undefined;
}
