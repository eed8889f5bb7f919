// Whole item guides from memory for the submission path: every application reads its item
// (five queries from the database), and items change rarely. Writes in this process drop the
// cache at once (invalidateCatalogueIndex); other processes' writes are noticed through the
// catalogue revision, checked at most once every REVISION_CHECK_MS, as the search index does.
import type { Db } from '../../../platform/db/database.ts';
import { findCatalogueRevision, type StoredItem } from './item-repository.ts';

const REVISION_CHECK_MS = 1000;
const CAPACITY = 5000;

interface ItemCache {
  revision: number | null;
  checkedAt: number;
  items: Map<string, StoredItem | null>;
}

const caches = new WeakMap<Db, ItemCache>();

/** Forgets every cached item of this database (an item was written). */
export function forgetCachedItems(db: Db): void {
  caches.delete(db);
}

async function currentCache(db: Db): Promise<ItemCache> {
  let cache = caches.get(db);
  const now = Date.now();
  if (!cache) {
    cache = { revision: null, checkedAt: 0, items: new Map() };
    caches.set(db, cache);
  }
  if (now - cache.checkedAt > REVISION_CHECK_MS) {
    cache.checkedAt = now;
    const revision = await findCatalogueRevision(db);
    if (revision !== cache.revision) {
      cache.items.clear();
      cache.revision = revision;
    }
  }
  return cache;
}

/**
 * The item of `code` as `load` finds it, remembered until the catalogue changes. The answer is
 * shared: callers must not change it.
 */
export async function cachedItem(
  db: Db,
  code: string,
  load: (db: Db, code: string) => Promise<StoredItem | undefined>,
): Promise<StoredItem | undefined> {
  const cache = await currentCache(db);
  const known = cache.items.get(code);
  if (known !== undefined) return known ?? undefined;
  const item = await load(db, code);
  // A write that raced the load has moved the revision: the next check drops this.
  if (caches.get(db) === cache) {
    if (cache.items.size >= CAPACITY) cache.items.clear();
    cache.items.set(code, item ?? null);
  }
  return item;
}
