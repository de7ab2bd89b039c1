// Found items kept in this process's memory, served only to callers that accept their age.
// Ages are wall-clock time of this process (not the injected business clock): a test's frozen
// clock must not make a copy look fresh forever.
export class ReadCache<T> {
  private readonly entries = new Map<string, { value: T; at: number }>();
  constructor(private readonly maxEntries = 10_000) {}
  forget(id: string): void { this.entries.delete(id); }
  async read(id: string, maxAgeMs: number | undefined, load: () => Promise<T | undefined>): Promise<T | undefined> {
    const hit = this.entries.get(id);
    if (maxAgeMs !== undefined && hit && Date.now() - hit.at <= maxAgeMs) return hit.value;
    const value = await load();
    if (value !== undefined) {
      if (this.entries.size >= this.maxEntries) this.entries.clear();
      this.entries.set(id, { value, at: Date.now() });
    }
    return value;
  }
}
