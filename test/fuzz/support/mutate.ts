import fc from 'fast-check';
import { HOSTILE_VALUES } from './hostile-values.js';

type Path = readonly (string | number)[];

/** Every path into a JSON value (objects and arrays included), root first. */
export function pathsOf(value: unknown, at: Path = []): Path[] {
  const out: Path[] = [at];
  if (Array.isArray(value)) value.forEach((v, i) => out.push(...pathsOf(v, [...at, i])));
  else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) out.push(...pathsOf(v, [...at, k]));
  }
  return out;
}

function clone<T>(value: T): T {
  return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T);
}

function setAt(root: unknown, path: Path, change: (parent: any, key: string | number) => void): unknown {
  if (path.length === 0) return root;
  let parent: any = root;
  for (const key of path.slice(0, -1)) parent = parent[key];
  change(parent, path[path.length - 1]!);
  return root;
}

/** One change a mutation makes, chosen by fast-check and applied to whatever value comes. */
export interface Mutation {
  readonly kind: 'replace' | 'add' | 'remove';
  readonly where: number;
  readonly hostile: number;
  readonly key: string;
}

const extraKeys = ['bonus', 'constructor', '__proto__', 'toString', 'protocol', 'intents', 'points', 'x'.repeat(300)];

/** Arbitrary mutations: replace a node, add a field or remove one, with a hostile value. */
export const mutationArb: fc.Arbitrary<Mutation> = fc.record({
  kind: fc.constantFrom('replace', 'add', 'remove'),
  where: fc.nat(),
  hostile: fc.nat(HOSTILE_VALUES.length - 1),
  key: fc.constantFrom(...extraKeys),
});

/** The value changed by one mutation (a copy; the input is left as it was). */
export function mutate(value: unknown, m: Mutation): unknown {
  const hostile = HOSTILE_VALUES[m.hostile]!.value;
  const root = clone(value);
  const paths = pathsOf(root);
  if (m.kind === 'add') {
    const objects = paths.filter((p) => {
      const v = p.reduce<any>((acc, k) => acc[k], root);
      return v !== null && typeof v === 'object' && !Array.isArray(v);
    });
    const target = objects[m.where % Math.max(objects.length, 1)];
    if (!target) return hostile;
    const obj = target.reduce<any>((acc, k) => acc[k], root);
    Object.defineProperty(obj, m.key, { value: hostile ?? null, enumerable: true, writable: true, configurable: true });
    return root;
  }
  const inner = paths.slice(1);
  const target = inner[m.where % Math.max(inner.length, 1)];
  if (!target) return m.kind === 'replace' ? hostile : root;
  return setAt(root, target, (parent, key) => {
    if (m.kind === 'remove' || hostile === undefined) {
      if (Array.isArray(parent)) parent.splice(Number(key), 1);
      else delete parent[key];
    } else parent[key] = clone(hostile);
  });
}

/** Describes a mutation for a failure message. */
export function describeMutation(m: Mutation): string {
  return `${m.kind} #${m.where} with ${HOSTILE_VALUES[m.hostile]!.name}${m.kind === 'add' ? ` as "${m.key.slice(0, 20)}"` : ''}`;
}
