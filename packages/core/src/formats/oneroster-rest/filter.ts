/**
 * The filter of OneRoster 1.2's REST binding (§3.4.3 of the rostering service): predicates
 * `field<op>'value'`, the operators `=`, `!=`, `>`, `>=`, `<`, `<=` and `~` (contains), joined
 * by ` AND ` / ` OR `. AND binds tighter than OR, as in SQL, so `a='1' OR b='2' AND c='3'` is
 * `a='1' OR (b='2' AND c='3')`. Values are quoted with single quotes; a quote inside a value is
 * written twice. Pure: the server turns the tree into SQL over the fields a collection allows.
 */
export type FilterOperator = '=' | '!=' | '>' | '>=' | '<' | '<=' | '~';

export interface FilterPredicate {
  kind: 'predicate';
  field: string;
  operator: FilterOperator;
  value: string;
}

export type FilterExpression = FilterPredicate | { kind: 'and' | 'or'; parts: FilterExpression[] };

export class FilterSyntaxError extends Error {
  constructor(
    message: string,
    readonly at: number,
  ) {
    super(message);
  }
}

const OPERATORS: FilterOperator[] = ['>=', '<=', '!=', '=', '>', '<', '~'];

export function parseFilter(text: string): FilterExpression {
  let i = 0;
  const skipSpaces = () => {
    while (i < text.length && text[i] === ' ') i++;
  };
  const predicate = (): FilterPredicate => {
    skipSpaces();
    const start = i;
    while (i < text.length && /[A-Za-z0-9_.]/.test(text[i]!)) i++;
    const field = text.slice(start, i);
    if (!field) throw new FilterSyntaxError(`a field name is expected at position ${start + 1}`, start);
    skipSpaces();
    const operator = OPERATORS.find((op) => text.startsWith(op, i));
    if (!operator) throw new FilterSyntaxError(`an operator (=, !=, >, >=, <, <=, ~) is expected after ${field}`, i);
    i += operator.length;
    skipSpaces();
    if (text[i] !== "'") throw new FilterSyntaxError(`the value of ${field} must be in single quotes`, i);
    i++;
    let value = '';
    for (;;) {
      if (i >= text.length) throw new FilterSyntaxError(`the value of ${field} has no closing quote`, i);
      if (text[i] === "'") {
        if (text[i + 1] === "'") {
          value += "'";
          i += 2;
          continue;
        }
        i++;
        break;
      }
      value += text[i++];
    }
    return { kind: 'predicate', field, operator, value };
  };
  const joined = (word: 'AND' | 'OR', part: () => FilterExpression): FilterExpression => {
    const parts = [part()];
    for (;;) {
      const before = i;
      skipSpaces();
      if (i > before && text.startsWith(`${word} `, i)) {
        i += word.length + 1;
        parts.push(part());
      } else {
        i = before;
        break;
      }
    }
    return parts.length === 1 ? parts[0]! : { kind: word === 'AND' ? 'and' : 'or', parts };
  };
  const expression = joined('OR', () => joined('AND', predicate));
  skipSpaces();
  if (i < text.length) throw new FilterSyntaxError(`unexpected text at position ${i + 1}: ${text.slice(i, i + 20)} (join predicates with " AND " or " OR ")`, i);
  return expression;
}

/** Every field a filter names, so that a collection can refuse one it does not know. */
export function filterFields(expression: FilterExpression): string[] {
  return expression.kind === 'predicate' ? [expression.field] : expression.parts.flatMap(filterFields);
}
