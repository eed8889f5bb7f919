import { lazy, type ComponentType } from 'react';

/** A page loaded on first visit (its own chunk), from a module's named export. */
export function lazyPage<M extends Record<K, ComponentType>, K extends keyof M & string>(
  load: () => Promise<M>,
  name: K,
) {
  return lazy(async () => ({ default: (await load())[name] }));
}
