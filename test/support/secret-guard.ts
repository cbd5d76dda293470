import { afterAll, expect } from 'vitest';
import { conformanceViolations } from './conformance.js';
import { leakedSecrets } from './secrets.js';

// Runs after every test file: no log line or post-login response may carry a token or session id,
// and every answer the harness saw must be one the OpenAPI document declares.
afterAll(() => {
  expect(leakedSecrets()).toEqual([]);
  expect(conformanceViolations()).toEqual([]);
});
