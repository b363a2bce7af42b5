/** Freezes a value and everything it holds, for results shared between callers. */
export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const property of Object.values(value)) {
      deepFreeze(property);
    }
  }
  return value;
}
