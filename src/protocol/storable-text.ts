/** A lone UTF-16 surrogate: a JSON string may hold one, but no UTF-8 text can. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function isStorable(text: string): boolean {
  return !text.includes('\u0000') && !LONE_SURROGATE.test(text);
}

/**
 * The path of the first string (value or key) in `value` that no PostgreSQL text or jsonb
 * column can hold, a NUL character or a lone surrogate, or undefined when there is none.
 * Every message is checked with it once its schema has passed, so such text is refused as a
 * client's mistake, never stored half-way or answered with a 500. Walks with its own stack,
 * so a deeply nested body cannot overflow the call stack.
 */
export function unstorableTextPath(value: unknown): (string | number)[] | undefined {
  const stack: Step[] = [{ value, key: undefined, parent: undefined }];
  for (let step = stack.pop(); step; step = stack.pop()) {
    const item = step.value;
    if (typeof item === 'string') {
      if (!isStorable(item)) return pathOf(step);
    } else if (Array.isArray(item)) {
      for (let i = item.length - 1; i >= 0; i--) stack.push({ value: item[i], key: i, parent: step });
    } else if (item !== null && typeof item === 'object') {
      const entries = Object.entries(item);
      for (const [key] of entries) if (!isStorable(key)) return [...pathOf(step), key];
      for (let i = entries.length - 1; i >= 0; i--) stack.push({ value: entries[i]![1], key: entries[i]![0], parent: step });
    }
  }
  return undefined;
}

/** One value met on the walk, linked to where it was found (paths are made only for a finding). */
interface Step {
  readonly value: unknown;
  readonly key: string | number | undefined;
  readonly parent: Step | undefined;
}

function pathOf(step: Step): (string | number)[] {
  const path: (string | number)[] = [];
  for (let s: Step | undefined = step; s?.key !== undefined; s = s.parent) path.unshift(s.key);
  return path;
}

/** The message of a refusal for text found by {@link unstorableTextPath}. */
export const UNSTORABLE_TEXT_MESSAGE = 'text may not hold a NUL character or a lone surrogate';
