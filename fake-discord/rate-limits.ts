// Discord's two limits: a bucket per bot token + route + major parameter, and a global limit per
// bot token. Both are fixed windows that open with the first request, and a request is counted
// when it arrives (before any latency), so concurrent bursts trip them as on Discord.
import type { BucketRule } from './types.js';

export const DEFAULT_BUCKET_RULE: Readonly<BucketRule> = { limit: 50, windowMs: 1000 };

/** Write routes carry their method in the template, so they have buckets apart from the reads. */
export const CREATE_MESSAGE_TEMPLATE = 'POST /channels/:id/messages';

/** Discord's well-known tight bucket: 5 messages per 5 s per channel. */
const BUILT_IN_RULES: Record<string, BucketRule> = { [CREATE_MESSAGE_TEMPLATE]: { limit: 5, windowMs: 5_000 } };

interface Window { resetAt: number; count: number }

export interface WindowState {
  allowed: boolean;
  limit: number;
  remaining: number;
  resetAt: number;
  /** Milliseconds until the window resets. */
  resetAfter: number;
}

export class FixedWindows {
  private readonly windows = new Map<string, Window>();

  /** Counts one request against `key` unless the window is full. */
  take(key: string, limit: number, windowMs: number, now: number): WindowState {
    let window = this.windows.get(key);
    if (!window || window.resetAt <= now) {
      window = { resetAt: now + windowMs, count: 0 };
      this.windows.set(key, window);
    }
    const allowed = window.count < limit;
    if (allowed) window.count += 1;
    return { allowed, limit, remaining: Math.max(0, limit - window.count), resetAt: window.resetAt, resetAfter: window.resetAt - now };
  }
}

interface RuleOverride { route: RegExp | string; rule: BucketRule }

/** Per-route rules: the last matching setBucket wins, otherwise the generous default. */
export class BucketRules {
  private readonly overrides: RuleOverride[] = [];

  set(route: RegExp | string, rule: BucketRule): void {
    this.overrides.push({ route, rule });
  }

  ruleFor(template: string): BucketRule {
    for (let i = this.overrides.length - 1; i >= 0; i -= 1) {
      const override = this.overrides[i];
      if (override && matchesTemplate(override.route, template)) return override.rule;
    }
    return BUILT_IN_RULES[template] ?? DEFAULT_BUCKET_RULE;
  }
}

function matchesTemplate(route: RegExp | string, template: string): boolean {
  if (typeof route === 'string') return route === template;
  route.lastIndex = 0; // a /g or /y pattern would otherwise remember the previous test
  return route.test(template);
}

/** 32 hex chars like Discord's bucket ids; the same route and major parameter always hash alike. */
export function bucketHash(template: string, major: string): string {
  const input = `${template}:${major}`;
  let out = '';
  for (let seed = 0; seed < 4; seed += 1) {
    let hash = 0x811c9dc5 ^ seed;
    for (let i = 0; i < input.length; i += 1) {
      hash = Math.imul(hash ^ input.charCodeAt(i), 0x01000193);
    }
    out += (hash >>> 0).toString(16).padStart(8, '0');
  }
  return out;
}
