import type { Inventory } from '../../core/inventory.js';
import { DOCS_URL } from '../../core/project.js';
import type { KubeObject } from '../../core/resource.js';
import { type CheckContext, defineRule, type Rule } from '../../core/rule.js';
import type { CustomRuleConfig } from '../../load/custom-rules.js';
import { NAMESPACE_NAME_LABEL, namespaceObjectValue } from '../admission-policy/index.js';
import { type CelProgram, createCelEngine, newCostBudget, toCelValue, toJs } from '../cel/index.js';

export type CustomRulesResult = { rules: Rule[] } | { errors: string[] };

export interface CustomRuleOptions {
  /** Ids already taken (the built-in catalogue): a custom rule may not shadow one. */
  reservedIds: ReadonlySet<string>;
  kubernetesVersion?: string;
}

/**
 * Turns the `customRules` of rampart.yaml into rules of the catalogue. Every expression is
 * compiled here, once; a rule that does not compile is a configuration error naming the file,
 * the line, the rule, the expression and the position in it — the scan does not start.
 */
export function customRules(configs: readonly CustomRuleConfig[], options: CustomRuleOptions): CustomRulesResult {
  const engine = createCelEngine({
    ...(options.kubernetesVersion ? { kubernetesVersion: options.kubernetesVersion } : {}),
    variables: { object: 'dyn', namespaceObject: 'dyn' },
  });
  const errors: string[] = [];
  const rules: Rule[] = [];
  for (const [i, config] of configs.entries()) {
    const where = `${config.source.file}:${config.source.line}: customRules[${i}] (${config.id})`;
    if (options.reservedIds.has(config.id)) {
      errors.push(`${where}: the id "${config.id}" is a built-in rule's; choose another`);
      continue;
    }
    const compile = (
      text: string,
      field: string,
      line: number | undefined,
      returns: string,
    ): CelProgram | undefined => {
      const result = engine.compile(text);
      const shown = shorten(text, 200);
      const at = `${config.source.file}:${line ?? config.source.line}: customRules[${i}].${field} (${config.id})`;
      if (!result.ok) {
        const { message, line: l, column } = result.error;
        errors.push(`${at} does not compile: ${message} (line ${l}, column ${column} of the expression: ${shown})`);
        return undefined;
      }
      if (result.program.outputType !== 'dyn' && result.program.outputType !== returns) {
        errors.push(`${at} must evaluate to ${returns}, but its type is ${result.program.outputType}: ${shown}`);
        return undefined;
      }
      return result.program;
    };
    const condition = compile(config.expression, 'expression', config.source.expressionLine, 'bool');
    const message = config.messageExpression
      ? compile(config.messageExpression, 'messageExpression', config.source.messageExpressionLine, 'string')
      : undefined;
    if (!condition || (config.messageExpression && !message)) continue;
    rules.push(customRule(config, condition, message));
  }
  return errors.length ? { errors } : { rules };
}

function customRule(config: CustomRuleConfig, condition: CelProgram, message: CelProgram | undefined): Rule {
  const title = config.title ?? `Custom rule ${config.id}`;
  return defineRule<'finding'>({
    meta: {
      id: config.id,
      title,
      description: `${title}: a CEL rule from ${config.source.file}; an object complies when \`${shorten(config.expression)}\` is true.`,
      rationale: `Your organisation's rule, defined in ${config.source.file} at line ${config.source.line}.`,
      remediation: config.remediation ?? `Change the resource so that \`${shorten(config.expression)}\` holds.`,
      stage: 'develop',
      severity: config.severity,
      owner: config.owner,
      frameworks: config.frameworks ?? {},
      kinds: config.kinds,
      messages: { finding: '{{message}}' },
      references: [],
      helpUri: `${DOCS_URL}/policy.md`,
    },
    check(context: CheckContext) {
      const activation = {
        object: toCelValue(context.object),
        namespaceObject: toCelValue(namespaceOf(context.object, context.inventory)),
      };
      const budget = newCostBudget();
      const result = condition.evaluate(activation, budget);
      if (!result.ok)
        throw new Error(`expression '${shorten(config.expression)}' resulted in error: ${result.error.message}`);
      const passed = toJs(result.value);
      if (passed === true) return [];
      if (passed !== false) throw new Error(`expression '${shorten(config.expression)}' did not evaluate to a bool`);
      let text = config.message;
      if (message) {
        const evaluated = message.evaluate(activation, budget);
        const js = evaluated.ok ? toJs(evaluated.value) : undefined;
        if (typeof js === 'string' && js.trim() !== '' && !js.includes('\n')) text = js.trim();
      }
      return [{ path: [], messageId: 'finding', data: { message: text } }];
    },
  });
}

/** The namespace an object lives in, from the inventory, or as the API server would describe an unlisted one. */
function namespaceOf(object: KubeObject, inventory: Inventory): Record<string, unknown> | null {
  const name = object.metadata?.namespace;
  if (typeof name !== 'string' || name === '') return null;
  const found = inventory.find('Namespace', name);
  return namespaceObjectValue(
    found?.object ?? {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name, labels: { [NAMESPACE_NAME_LABEL]: name } },
    },
  );
}

/** An expression on one line, cut at `max` characters: messages quote it, they do not reproduce it. */
function shorten(expression: string, max = 120): string {
  const text = expression.trim().replace(/\s+/g, ' ');
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
