import { LRUCache } from 'lru-cache';

export interface TenantLruOptions<V extends object> {
  /** Bound on the sum of every tenant's sizes (entries, or bytes with `sizeOf`). */
  maxTotal: number;
  /** Bound on one tenant's sizes; at it, the tenant evicts its own least recently used. */
  maxPerTenant: number;
  /** What an entry costs; 1 when absent (a count of entries). */
  sizeOf?: (key: string, value: V) => number;
  now: () => number;
  /** Sliding expiry: a read renews the entry's time to live. */
  updateAgeOnGet?: boolean;
  /** Called whenever an entry leaves (evicted, expired, replaced, deleted). */
  onRemove?: (tenant: string, key: string, value: V) => void;
}

/**
 * An LRU shared by tenants (bots) where no tenant can push out another's entries by adding its
 * own. Each tenant has its own LRU, bounded by `maxPerTenant`. When the sum passes `maxTotal`,
 * the entry that goes is the least recently used one of the tenant holding the most, so a
 * tenant loses entries only to its own growth, or while it holds more than any other tenant.
 * A lone tenant can use the whole of `maxTotal` (with `maxPerTenant` equal to it).
 */
export class TenantLru<V extends object> {
  private readonly tenants = new Map<string, LRUCache<string, V>>();
  /** Which tenant holds each key: lookups and deletes by key alone (a session store knows only the key). */
  private readonly owners = new Map<string, string>();

  constructor(private readonly options: TenantLruOptions<V>) {}

  get(key: string): V | undefined {
    const tenant = this.owners.get(key);
    return tenant === undefined ? undefined : this.tenants.get(tenant)?.get(key);
  }

  /** Stores the entry for `ttlMs` (undefined: no expiry); false when it alone exceeds the tenant's bound. */
  set(tenant: string, key: string, value: V, ttlMs?: number): boolean {
    const size = this.sizeOf(key, value);
    if (size > this.options.maxPerTenant || size > this.options.maxTotal) return false;
    const owner = this.owners.get(key);
    if (owner !== undefined && owner !== tenant) this.delete(key);
    const lru = this.lruOf(tenant);
    lru.set(key, value, ttlMs === undefined ? {} : { ttl: ttlMs });
    this.owners.set(key, tenant);
    this.evictPastTotal(tenant);
    return true;
  }

  delete(key: string): boolean {
    const tenant = this.owners.get(key);
    return tenant === undefined ? false : (this.tenants.get(tenant)?.delete(key) ?? false);
  }

  /** The keys one tenant holds (a copy: callers may delete while iterating). */
  keysOf(tenant: string): string[] {
    return [...(this.tenants.get(tenant)?.keys() ?? [])];
  }

  tenantNames(): string[] {
    return [...this.tenants.keys()];
  }

  sizeOfTenant(tenant: string): number {
    return this.tenants.get(tenant)?.calculatedSize ?? 0;
  }

  get size(): number {
    return this.owners.size;
  }

  /** Summed when asked (O(tenants)): lru-cache keeps each tenant's size exactly, through replacements and expiry. */
  get totalSize(): number {
    let total = 0;
    for (const lru of this.tenants.values()) total += lru.calculatedSize;
    return total;
  }

  private sizeOf(key: string, value: V): number {
    return this.options.sizeOf?.(key, value) ?? 1;
  }

  private lruOf(tenant: string): LRUCache<string, V> {
    let lru = this.tenants.get(tenant);
    if (!lru) {
      lru = new LRUCache<string, V>({
        maxSize: Math.max(1, this.options.maxPerTenant),
        sizeCalculation: (value, key) => this.sizeOf(key, value),
        updateAgeOnGet: this.options.updateAgeOnGet ?? false,
        // ttlResolution 0: read the injected clock on every check (lru-cache otherwise caches it for 1 ms)
        perf: { now: this.options.now },
        ttlResolution: 0,
        dispose: (value, key) => this.removed(tenant, key, value),
      });
      this.tenants.set(tenant, lru);
    }
    return lru;
  }

  private removed(tenant: string, key: string, value: V): void {
    if (this.owners.get(key) === tenant) this.owners.delete(key);
    this.options.onRemove?.(tenant, key, value);
  }

  /** Over the total: the biggest tenant gives up its oldest entries (ties: the tenant that added). */
  private evictPastTotal(adding: string): void {
    let total = this.totalSize;
    while (total > this.options.maxTotal) {
      const lru = this.tenants.get(this.biggestTenant(adding));
      if (!lru || lru.size === 0) return;
      const before = lru.calculatedSize;
      lru.pop();
      total -= before - lru.calculatedSize;
    }
  }

  private biggestTenant(adding: string): string {
    let biggest = adding;
    let biggestSize = this.sizeOfTenant(adding);
    for (const [tenant, lru] of this.tenants) {
      if (lru.size === 0 && tenant !== adding) {
        this.tenants.delete(tenant); // a tenant with nothing left costs a map slot only
        continue;
      }
      if (lru.calculatedSize > biggestSize) {
        biggest = tenant;
        biggestSize = lru.calculatedSize;
      }
    }
    return biggest;
  }
}
