import type { KubeObject } from '../../core/resource.js';
import { isObject } from './field-reader.js';
import { splitApiVersion } from './resource-mapper.js';
import { BUILTIN_SHAPES, OBJECT_META, type Shape, UNKNOWN_KIND_SHAPE } from './shapes.js';

/**
 * The merge shape of every kind an evaluation may mutate: built-in kinds from the table, custom
 * resources from the structural schema of their CustomResourceDefinition (per version), others
 * by default (mappings merge, lists are atomic — what a schema without list markers means).
 */
export class ShapeRegistry {
  private readonly custom = new Map<string, Shape>();

  constructor(customResourceDefinitions: readonly KubeObject[] = []) {
    for (const crd of customResourceDefinitions) this.addDefinition(crd);
  }

  forObject(object: KubeObject): Shape {
    const { group, version } = splitApiVersion(object.apiVersion);
    return (
      this.custom.get(`${group}/${version}/${object.kind}`) ??
      BUILTIN_SHAPES[`${group}/${object.kind}`] ??
      UNKNOWN_KIND_SHAPE
    );
  }

  private addDefinition(crd: KubeObject): void {
    if (crd.kind !== 'CustomResourceDefinition') return;
    const spec = isObject(crd.spec) ? crd.spec : {};
    const names = isObject(spec.names) ? spec.names : {};
    if (typeof spec.group !== 'string' || typeof names.kind !== 'string') return;
    const versions = Array.isArray(spec.versions) ? spec.versions.filter(isObject) : [];
    const shared = isObject(spec.validation) ? spec.validation.openAPIV3Schema : undefined; // v1beta1
    for (const version of versions) {
      if (typeof version.name !== 'string') continue;
      const schema = isObject(version.schema) ? version.schema.openAPIV3Schema : shared;
      this.custom.set(`${spec.group}/${version.name}/${names.kind}`, rootShape(schema));
    }
    if (typeof spec.version === 'string' && !this.custom.has(`${spec.group}/${spec.version}/${names.kind}`))
      this.custom.set(`${spec.group}/${spec.version}/${names.kind}`, rootShape(shared));
  }
}

function rootShape(schema: unknown): Shape {
  const shape = schemaShape(schema, 0);
  return { ...shape, fields: { ...shape.fields, metadata: OBJECT_META } };
}

/** Reads the list and map markers of a structural schema; deeper than any real schema is cut off. */
function schemaShape(schema: unknown, depth: number): Shape {
  if (!isObject(schema) || depth > 64) return {};
  const shape: Shape = {};
  if (schema['x-kubernetes-map-type'] === 'atomic') shape.atomic = true;
  if (schema.type === 'array') {
    const listType = schema['x-kubernetes-list-type'];
    shape.list = listType === 'set' || listType === 'map' ? listType : 'atomic';
    const keys = schema['x-kubernetes-list-map-keys'];
    if (shape.list === 'map' && Array.isArray(keys))
      shape.keys = keys.filter((k): k is string => typeof k === 'string');
    shape.items = schemaShape(schema.items, depth + 1);
    return shape;
  }
  if (isObject(schema.properties)) {
    const fields: Record<string, Shape> = {};
    for (const [name, property] of Object.entries(schema.properties)) fields[name] = schemaShape(property, depth + 1);
    shape.fields = fields;
  }
  if (isObject(schema.additionalProperties)) shape.values = schemaShape(schema.additionalProperties, depth + 1);
  return shape;
}
