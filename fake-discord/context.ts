// Everything the routes and middleware share. Settings are mutable so tests can change latency
// or limits between requests without rebuilding the app.
import type { CallLog } from './calls.js';
import type { FaultList } from './faults.js';
import type { OAuthState } from './oauth.js';
import type { BucketRules, FixedWindows } from './rate-limits.js';
import type { FakeStore } from './store.js';
import type { FakeStats } from './types.js';
import type { WebhookEventSigner } from './webhook-events.js';

export interface FakeSettings {
  latencyMs: number;
  globalLimitPerSecond: number;
  enforceBuckets: boolean;
}

export interface FakeContext {
  store: FakeStore;
  calls: CallLog;
  faults: FaultList;
  rules: BucketRules;
  bucketWindows: FixedWindows;
  globalWindows: FixedWindows;
  settings: FakeSettings;
  stats: FakeStats;
  now: () => number;
  oauth: OAuthState;
  webhookEvents: WebhookEventSigner;
}
