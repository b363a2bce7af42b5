import { PolicyStatement } from './policyDocument';

/**
 * True when an IAM action pattern such as `ecr:Batch*` covers `action`. IAM compares action
 * names case-insensitively, service prefix included; `*` stands for any run of characters
 * and `?` for exactly one.
 */
export function actionPatternMatches(pattern: string, action: string): boolean {
  const source = [...pattern]
    .map((character) => {
      if (character === '*') {
        return '.*';
      }
      return character === '?' ? '.' : character.replace(/[.+^${}()|[\]\\]/g, '\\$&');
    })
    .join('');
  return new RegExp(`^${source}$`, 'is').test(action);
}

/**
 * True when the statement's Action covers `action`, or its NotAction leaves it out. A
 * statement with neither covers nothing; entries that are not strings cover nothing.
 */
export function statementCoversAction(statement: PolicyStatement, action: string): boolean {
  if (statement.Action !== undefined) {
    return actionPatterns(statement.Action).some((pattern) =>
      actionPatternMatches(pattern, action),
    );
  }
  if (statement.NotAction !== undefined) {
    return !actionPatterns(statement.NotAction).some((pattern) =>
      actionPatternMatches(pattern, action),
    );
  }
  return false;
}

/** The string entries of an Action or NotAction element, which may be a string or a list. */
export function actionPatterns(element: unknown): string[] {
  const entries: unknown[] = Array.isArray(element) ? element : [element];
  return entries.filter((entry): entry is string => typeof entry === 'string');
}
