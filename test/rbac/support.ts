import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Inventory } from '../../src/core/inventory.js';
import type { KubeObject, Resource } from '../../src/core/resource.js';
import { loadInputs, loadText } from '../../src/load/index.js';

export const ROOT = path.resolve(import.meta.dirname, '../..');
/** The upstream bootstrap policy, beside the repository (see its SOURCE.md). */
export const BOOTSTRAP = path.resolve(ROOT, '../shared/fixtures/rbac-bootstrap');

let bootstrap: Resource[] | undefined;

/** The bootstrap RBAC objects; fails loudly when the shared fixtures are missing. */
export async function bootstrapResources(): Promise<Resource[]> {
  if (bootstrap) return bootstrap;
  if (!existsSync(path.join(BOOTSTRAP, 'cluster-roles.yaml'))) {
    throw new Error(
      `the bootstrap RBAC fixtures are missing: expected ${BOOTSTRAP} (shared/fixtures/rbac-bootstrap beside the repository)`,
    );
  }
  const loaded = await loadInputs([BOOTSTRAP]);
  if (loaded.problems.length > 0) throw new Error(`cannot load ${BOOTSTRAP}: ${loaded.problems[0]?.message}`);
  bootstrap = loaded.resources;
  return bootstrap;
}

export function resourcesOf(text: string, file = 'scenario.yaml'): Resource[] {
  const loaded = loadText({ text }, file);
  if (loaded.problems.length > 0) throw new Error(`${file}: ${loaded.problems[0]?.message}`);
  return loaded.resources;
}

export function objectsAsResources(objects: readonly KubeObject[]): Resource[] {
  return objects.map((object) => ({ object, origin: { kind: 'cluster', context: 'test' } }));
}

/** The bootstrap base plus a scenario's own objects. */
export async function onBootstrap(text: string, file?: string): Promise<Inventory> {
  return new Inventory([...(await bootstrapResources()), ...resourcesOf(text, file)]);
}

export function read(file: string): string {
  return readFileSync(file, 'utf8');
}
