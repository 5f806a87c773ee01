/**
 * A least-recently-used map bounded by a total size: adding past `maxSize` drops the entries used
 * longest ago. `sizeOf` weighs an entry (bytes of a WAV, or 1 to bound by count).
 */
export class Lru<K, V> {
  private readonly map = new Map<K, V>();
  private total = 0;

  constructor(
    private readonly maxSize: number,
    private readonly sizeOf: (value: V) => number = () => 1,
  ) {}

  get(key: K): V | undefined {
    const value = this.map.get(key);
    if (value === undefined) return undefined;
    // Map keeps insertion order: re-inserting makes this entry the newest.
    this.map.delete(key);
    this.map.set(key, value);
    return value;
  }

  set(key: K, value: V): void {
    const old = this.map.get(key);
    if (old !== undefined) {
      this.total -= this.sizeOf(old);
      this.map.delete(key);
    }
    const size = this.sizeOf(value);
    if (size > this.maxSize) return;
    this.map.set(key, value);
    this.total += size;
    for (const [oldest, v] of this.map) {
      if (this.total <= this.maxSize) break;
      this.map.delete(oldest);
      this.total -= this.sizeOf(v);
    }
  }

  get size(): number {
    return this.map.size;
  }

  /** The entries' total size. */
  get weight(): number {
    return this.total;
  }
}
