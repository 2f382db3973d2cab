/**
 * CRD validation rules: the CEL type of `self` from an OpenAPI (structural) schema, as the API server
 * declares it (k8s.io/apiserver's SchemaDeclType), and the escaping of property names into CEL field
 * names (`my-field` is `self.my__dash__field`, `namespace` is `self.__namespace__`). Bind the value
 * with `toCelValue(object, schema)`, which reads fields by the same names.
 */
import type { OpenApiSchema } from './conversion.js';
import type { CelTypeSpec } from './index.js';

/** CEL's reserved words, which a property name may be only escaped as `__word__`. */
const RESERVED = new Set([
  'true',
  'false',
  'null',
  'in',
  'as',
  'break',
  'const',
  'continue',
  'else',
  'for',
  'function',
  'if',
  'import',
  'let',
  'loop',
  'package',
  'namespace',
  'return',
  'var',
  'void',
  'while',
]);

const ESCAPES: Record<string, string> = { __: '__underscores__', '.': '__dot__', '-': '__dash__', '/': '__slash__' };

/**
 * The CEL field name of a property, or undefined when it has none (a name that is empty, starts with
 * a digit or holds a character other than letters, digits, `_`, `.`, `-` and `/`): the property is
 * then out of reach of rules, as on the API server.
 */
export function escapeProperty(name: string): string | undefined {
  if (name === '' || /^[0-9]/.test(name)) return undefined;
  if (RESERVED.has(name)) return `__${name}__`;
  if (!/^[A-Za-z0-9_./-]*$/.test(name)) return undefined;
  return name.replace(/__|[./-]/g, (match) => ESCAPES[match]!);
}

/**
 * From Kubernetes 1.31 a reserved word may name a field as it is (`self.spec.if` reads the property
 * `if`, declared as `__if__`): the declared name it stands for, when it is one.
 */
export function reservedFieldAlias(field: string): string | undefined {
  return RESERVED.has(field) ? `__${field}__` : undefined;
}

/** Property names by CEL field name, per schema object (built once). */
const fieldNames = new WeakMap<OpenApiSchema, Map<string, string>>();

/** The property a CEL field name of this object schema reads. */
export function propertyOf(schema: OpenApiSchema, field: string): string {
  let names = fieldNames.get(schema);
  if (!names) {
    names = new Map();
    for (const name of Object.keys(schema.properties ?? {})) {
      const escaped = escapeProperty(name);
      if (escaped !== undefined && escaped !== name) names.set(escaped, name);
    }
    fieldNames.set(schema, names);
  }
  return names.get(field) ?? field;
}

/**
 * The root of a resource (a custom resource, or an embedded resource) always has `apiVersion`, `kind`
 * and `metadata.name` / `metadata.generateName`, and rules reach no other metadata field.
 */
export function withTypeAndObjectMeta(schema: OpenApiSchema): OpenApiSchema {
  const properties = schema.properties;
  const metadata = properties?.metadata;
  const declares =
    properties?.kind?.type === 'string' &&
    properties.apiVersion?.type === 'string' &&
    metadata?.type === 'object' &&
    metadata.properties?.name?.type === 'string' &&
    metadata.properties.generateName?.type === 'string';
  // A schema that declares them already is kept as it is, other metadata fields included.
  if (declares) return schema;
  return {
    ...schema,
    type: schema.type ?? 'object',
    properties: {
      ...schema.properties,
      apiVersion: { type: 'string' },
      kind: { type: 'string' },
      metadata: {
        type: 'object',
        properties: {
          name: { type: 'string', ...maxLengthOf(metadata?.properties?.name, 253) },
          generateName: { type: 'string', ...maxLengthOf(metadata?.properties?.generateName, 252) },
        },
      },
    },
  };
}

function maxLengthOf(schema: OpenApiSchema | undefined, cap: number): { maxLength: number } {
  return { maxLength: Math.min(schema?.maxLength ?? cap, cap) };
}

/**
 * The CEL type of a value of this schema. `resourceRoot`: the schema is a resource's (a custom
 * resource's root); embedded resources below are found from `x-kubernetes-embedded-resource`.
 */
export function schemaTypeSpec(schema: OpenApiSchema, resourceRoot = false): CelTypeSpec {
  return declType(schema, resourceRoot) ?? 'dyn';
}

/**
 * Undefined where the API server declares nothing (no type, an array without items): rules cannot
 * reach the field. Unknown fields an object preserves are not declared either.
 */
function declType(schema: OpenApiSchema, resourceRoot: boolean): CelTypeSpec | undefined {
  if (schema['x-kubernetes-int-or-string']) return 'dyn';
  const s = resourceRoot ? withTypeAndObjectMeta(schema) : schema;
  switch (s.type) {
    case 'array': {
      const elem = s.items && declType(s.items, embedded(s.items));
      return elem && { kind: 'list', elem, ...bound('maxItems', s.maxItems) };
    }
    case 'object': {
      if (typeof s.additionalProperties === 'object') {
        const value = declType(s.additionalProperties, embedded(s.additionalProperties));
        return value && { kind: 'map', value, ...bound('maxProperties', s.maxProperties) };
      }
      const fields: Record<string, CelTypeSpec> = {};
      for (const [name, property] of Object.entries(s.properties ?? {})) {
        const field = escapeProperty(name);
        const type = declType(property, embedded(property));
        if (field !== undefined && type !== undefined) fields[field] = type;
      }
      return { kind: 'object', name: 'object', fields };
    }
    case 'string':
      switch (s.format) {
        case 'byte':
          return { kind: 'bytes', ...bound('maxLength', s.maxLength) };
        case 'duration':
          return 'duration';
        case 'date':
        case 'date-time':
          return 'timestamp';
        default:
          return { kind: 'string', ...bound('maxLength', s.maxLength) };
      }
    case 'boolean':
      return 'bool';
    case 'number':
      return 'double';
    case 'integer':
      return 'int';
    default:
      return undefined;
  }
}

const embedded = (schema: OpenApiSchema) => schema['x-kubernetes-embedded-resource'] === true;

function bound<K extends string>(key: K, value: number | undefined): Partial<Record<K, number>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, number>);
}
