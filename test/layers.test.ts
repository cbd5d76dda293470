import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findLoops, layerGraph, srcLoops } from '../scripts/layers.js';

describe('the layer rule', () => {
  it('finds no folder of src/ that imports one importing it back', () => {
    expect(srcLoops(join(import.meta.dirname, '..', 'src'))).toEqual([]);
  });

  it('fails on a planted back-import', () => {
    const files = new Map([
      ['cache/response-cache.ts', "import { mapUpstreamError } from '../discord/upstream-errors.js';"],
      ['discord/upstream-errors.ts', "import type { Resource } from '../cache/response-cache.js';"],
      ['app.ts', "import { x } from './cache/response-cache.js';"],
    ]);
    expect(findLoops(layerGraph(files))).toEqual([['cache/', 'discord/', 'cache/']]);
  });

  it('counts a loop through a top-level file', () => {
    const files = new Map([
      ['deps.ts', "import { ResponseCache } from './cache/response-cache.js';"],
      ['cache/response-cache.ts', "import type { Deps } from '../deps.js';"],
    ]);
    expect(findLoops(layerGraph(files))).toHaveLength(1);
  });
});
