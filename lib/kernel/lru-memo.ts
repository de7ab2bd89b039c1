// A per-process memo of at most `entries` values by key, least recently used out first. It keeps
// the promise, so concurrent callers of one key share one load; a failed load is forgotten. For
// values named by their content (a hash, an immutable version): a key never goes stale, so there is
// no expiry. Values are shared between callers and must be treated as immutable.
export interface LruMemo<T> {
  get(key: string, load: () => Promise<T>): Promise<T>;
  /** Seeds a value known without loading it (e.g. one this process just wrote). */
  set(key: string, value: T): void;
  /** Whether the key is held now (loaded or loading); it may be let go at any later call. */
  has(key: string): boolean;
}

export function lruMemo<T>(entries: number): LruMemo<T> {
  const cache = new Map<string, Promise<T>>();
  const remember = (key: string, entry: Promise<T>) => {
    cache.delete(key);
    cache.set(key, entry);
    while (cache.size > entries) cache.delete(cache.keys().next().value!);
  };
  return {
    get(key, load) {
      const hit = cache.get(key);
      if (hit) {
        remember(key, hit);
        return hit;
      }
      const entry = load();
      remember(key, entry);
      entry.catch(() => { if (cache.get(key) === entry) cache.delete(key); });
      return entry;
    },
    set(key, value) {
      remember(key, Promise.resolve(value));
    },
    has: (key) => cache.has(key),
  };
}
