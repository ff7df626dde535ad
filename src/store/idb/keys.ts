/** Below every IndexedDB key: the open lower end of a range over a compound index (`[state, MIN_KEY]`). */
export const MIN_KEY = -Infinity;

/** Above every IndexedDB key (an array sorts after every other type): the open upper end of a range. */
export const MAX_KEY: IDBValidKey = [[]];
