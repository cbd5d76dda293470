import type { DepsOverrides } from '../deps.js';
import type { Env } from '../config.js';
import { createScaleOut } from '../scale/scale-out.js';
import { buildService, type Service } from '../service.js';

/** buildService for a long-lived process (Node, Bun, Deno): the Redis parts come along. */
export function buildProcessService(env: Env, overrides: DepsOverrides = {}): Promise<Service> {
  return buildService(env, { overrides, scaleOut: createScaleOut });
}
