import type { TerminalOptions } from './terminal-options.js';

/** The platform's `online`/`offline` events as connectivity hints, where it has them (browsers). */
export function defaultConnectivity(): TerminalOptions['connectivity'] {
  const target = globalThis as { addEventListener?: (type: string, fn: () => void) => void; removeEventListener?: (type: string, fn: () => void) => void };
  if (typeof target.addEventListener !== 'function' || typeof target.removeEventListener !== 'function') return undefined;
  return {
    subscribe(listener) {
      const online = () => listener('online');
      const offline = () => listener('offline');
      target.addEventListener!('online', online);
      target.addEventListener!('offline', offline);
      return () => {
        target.removeEventListener!('online', online);
        target.removeEventListener!('offline', offline);
      };
    },
  };
}
