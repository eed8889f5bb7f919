// The instances this process wrote last, with their row version (DR-10): the next action on
// one of them is decided on this copy and written in a single round trip. The copy is a hint,
// never an authority: the write happens only if the row is still that version, and a refusal
// (404, 403, 409, 400) is only ever given on a fresh read. Kept per database (tests open many).
import type { InstanceRef, VersionedInstance } from './instance-repository.ts';

// WORKFLOW_INSTANCE_CACHE: how many instances a process remembers (0: none).
const capacity = Math.max(0, Number(process.env.WORKFLOW_INSTANCE_CACHE ?? 20_000) || 0);

type Entry = VersionedInstance & { version: string };

const caches = new WeakMap<object, Map<string, Entry>>();

const keyOf = (ref: InstanceRef) =>
  'id' in ref ? `#${ref.id}` : `${ref.subjectType}\u0000${ref.subjectId}`;

/** The remembered instance for `ref` in database `db`, if any. */
export function recallInstance(db: object, ref: InstanceRef): Entry | undefined {
  return caches.get(db)?.get(keyOf(ref));
}

/** Remembers an instance as written at `version` (under its subject and its id). */
export function rememberInstance(db: object, entry: Entry): void {
  if (capacity === 0) return;
  let cache = caches.get(db);
  if (!cache) {
    cache = new Map();
    caches.set(db, cache);
  }
  const { instance } = entry;
  for (const key of [
    keyOf({ id: instance.id }),
    keyOf({ subjectType: instance.subject_type, subjectId: instance.subject_id }),
  ]) {
    cache.delete(key); // re-inserted last: the Map's order is the eviction order
    cache.set(key, entry);
  }
  while (cache.size > capacity * 2) cache.delete(cache.keys().next().value!);
}

/** Forgets what is remembered for `ref` (it proved stale). */
export function forgetInstance(db: object, ref: InstanceRef): void {
  const cache = caches.get(db);
  const entry = cache?.get(keyOf(ref));
  if (!cache || !entry) return;
  const { instance } = entry;
  cache.delete(keyOf({ id: instance.id }));
  cache.delete(keyOf({ subjectType: instance.subject_type, subjectId: instance.subject_id }));
}
