import { afterAll, expect } from 'vitest';
import { leakedSecrets } from './secrets.js';

// Runs after every test file: no log line or post-login response may carry a token or session id.
afterAll(() => {
  expect(leakedSecrets()).toEqual([]);
});
