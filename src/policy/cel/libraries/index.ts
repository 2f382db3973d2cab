/** Every overload of every library, built once; an engine enables the subset of its Kubernetes version. */
import { FunctionTable, type Overload } from '../functions/registry.js';
import { standardOverloads } from '../functions/std.js';
import { authzOverloads } from './authz.js';
import { formatOverloads } from './format.js';
import { listsOverloads, regexOverloads, setsOverloads } from './lists.js';
import { jsonPatchOverloads, listsExtOverloads } from './lists-ext.js';
import { cidrOverloads, ipOverloads } from './net.js';
import { optionalOverloads } from './optional.js';
import { quantityOverloads } from './quantity.js';
import { semverOverloads } from './semver.js';
import { timeOverloads } from './time.js';
import { urlOverloads } from './urls.js';

/** Library types usable as type values (`type(x) == net.IP`), as cel-go declares them. */
export const LIBRARY_TYPE_NAMES: string[] = [
  'kubernetes.Quantity',
  'kubernetes.URL',
  'kubernetes.Semver',
  'kubernetes.NamedFormat',
  'net.IP',
  'net.CIDR',
];

let table: FunctionTable | undefined;

export function functionTable(): FunctionTable {
  table ??= new FunctionTable(allOverloads());
  return table;
}

function allOverloads(): Overload[] {
  return [
    ...standardOverloads(),
    ...timeOverloads(),
    ...optionalOverloads(),
    ...listsOverloads(),
    ...listsExtOverloads(),
    ...jsonPatchOverloads(),
    ...regexOverloads(),
    ...setsOverloads(),
    ...urlOverloads(),
    ...quantityOverloads(),
    ...ipOverloads(),
    ...cidrOverloads(),
    ...formatOverloads(),
    ...semverOverloads(),
    ...authzOverloads(),
  ];
}
