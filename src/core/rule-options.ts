import { didYouMean } from './nearest.js';
import type { OptionSchema } from './rule.js';

/** One thing wrong with a rule's options; `key` is the option it is about. */
export interface OptionProblem {
  key: string;
  message: string;
}

/**
 * Checks options against a rule's schema: every key must be an option the rule declares, with a
 * value of the declared type. Messages name the option and the expected type, never the value
 * given (it may be a credential pasted in the wrong place).
 */
export function checkOptions(
  schema: Readonly<Record<string, OptionSchema>> | undefined,
  options: Readonly<Record<string, unknown>>,
): OptionProblem[] {
  const declared = schema ?? {};
  const names = Object.keys(declared);
  const problems: OptionProblem[] = [];
  for (const [key, value] of Object.entries(options)) {
    const option = Object.hasOwn(declared, key) ? declared[key] : undefined;
    if (!option) {
      const known = names.length ? ` (options: ${names.join(', ')})` : ' (the rule takes no options)';
      const hint = didYouMean(key, names);
      problems.push({ key, message: `is not an option of this rule${hint || known}` });
      continue;
    }
    const wrong = typeProblem(option, value);
    if (wrong) problems.push({ key, message: wrong });
  }
  return problems;
}

function typeProblem(option: OptionSchema, value: unknown): string | undefined {
  switch (option.type) {
    case 'boolean':
      return typeof value === 'boolean' ? undefined : 'must be true or false';
    case 'integer':
    case 'number': {
      const whole = option.type === 'integer';
      const ok =
        typeof value === 'number' &&
        Number.isFinite(value) &&
        (!whole || Number.isInteger(value)) &&
        (option.minimum === undefined || value >= option.minimum);
      if (ok) return undefined;
      const at = option.minimum === undefined ? '' : ` of at least ${option.minimum}`;
      return `must be ${whole ? 'an integer' : 'a number'}${at}`;
    }
    case 'string':
      if (typeof value !== 'string') return 'must be a string';
      return option.nonEmpty && value.trim() === '' ? 'must not be empty' : undefined;
    case 'quantity': {
      const text = typeof value === 'number' ? String(value) : value;
      return isPositiveQuantity(text) ? undefined : 'must be a positive Kubernetes quantity, such as 250m or 256Mi';
    }
    case 'string-list':
      return Array.isArray(value) && value.every((item) => typeof item === 'string')
        ? undefined
        : 'must be a list of strings';
  }
}

/** Decimal quantities with a suffix, as written in manifests (`250m`, `0.5`, `256Mi`, `1G`); exponents are not taken. */
const QUANTITY = /^(?:\d+(?:\.\d*)?|\.\d+)(?:m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?$/;

export function isPositiveQuantity(value: unknown): value is string {
  return typeof value === 'string' && QUANTITY.test(value) && Number.parseFloat(value) > 0;
}
