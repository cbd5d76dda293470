import type { DepsOverrides } from '../deps.js';
import type { Env } from '../config.js';
import { createScaleOut } from '../scale/scale-out.js';
import { buildService, type Service } from '../service.js';
import { filePublicFiles } from './file-public-files.js';

/** buildService for a long-lived process (Node, Bun, Deno): the Redis parts and the files on disk come along. */
export function buildProcessService(env: Env, overrides: DepsOverrides = {}): Promise<Service> {
  return buildService(env, { overrides: { publicFiles: filePublicFiles(), ...overrides }, scaleOut: createScaleOut });
}
