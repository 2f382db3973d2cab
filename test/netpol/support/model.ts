import {
  analyze,
  buildModel,
  type Connectivity,
  connLines,
  type NetpolModel,
} from '../../../src/analyze/netpol/index.js';
import { loadText } from '../../../src/load/index.js';
import { formatList, type ListFormat } from '../../../src/report/index.js';

/** A model from YAML text (several documents), as the loader would read a file. */
export function modelOf(yaml: string, file = 'test.yaml'): NetpolModel {
  const loaded = loadText({ text: yaml }, file);
  const errors = loaded.problems.filter((p) => p.verdict === 'error');
  if (errors.length) throw new Error(errors.map((e) => e.message).join('; '));
  return buildModel(loaded.resources);
}

export function connectivityOf(yaml: string): Connectivity {
  return analyze(modelOf(yaml));
}

/** The txt connectivity list as lines. */
export function listOf(yaml: string): string[] {
  return [...connLines(connectivityOf(yaml))].map((l) => `${l.src} => ${l.dst} : ${l.conn}`);
}

export function formatted(yaml: string, format: ListFormat): string {
  return [...formatList(connLines(connectivityOf(yaml)), format)].join('');
}

/** A Deployment with labels and named container ports (`name:port[/protocol]`). */
export function deployment(
  namespace: string,
  name: string,
  labels: Record<string, string>,
  ports: string[] = [],
): string {
  const portLines = ports.map((spec) => {
    const [portName, rest] = spec.split(':') as [string, string];
    const [port, protocol = 'TCP'] = rest.split('/');
    return `        - name: ${portName}\n          containerPort: ${port}\n          protocol: ${protocol}`;
  });
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: ${namespace}
spec:
  selector:
    matchLabels: ${JSON.stringify(labels)}
  template:
    metadata:
      labels: ${JSON.stringify(labels)}
    spec:
      containers:
      - name: main
        image: example/app:1
${portLines.length ? `        ports:\n${portLines.join('\n')}\n` : ''}`;
}

export const docs = (...parts: string[]) => parts.map((p) => p.trim()).join('\n---\n');
