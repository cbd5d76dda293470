// The layer rule: no two folders of src/ import each other, directly or round a longer loop.
// Each folder of src/ is one node, and each file at the top of src/ is a node of its own (the
// composition root and the shared basics). `npm test` runs it (test/layers.test.ts);
// `npx tsx scripts/layers.ts` prints the graph's loops, if any.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export type LayerGraph = Map<string, Set<string>>;

const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s+['"](\.{1,2}\/[^'"]+)['"]/g;

/** src-relative .ts files under a folder. */
export function sourceFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (/\.tsx?$/.test(name)) out.push(relative(root, path));
    }
  };
  walk(root);
  return out;
}

/** The node a src-relative file belongs to: its top folder, or the file itself at the top. */
export function nodeOf(file: string): string {
  const parts = file.split(sep);
  return parts.length > 1 ? `${parts[0]}/` : file.replace(/\.(?:tsx?|js)$/, '');
}

/** Node -> the nodes it imports, from each file's relative imports (type-only ones too). */
export function layerGraph(files: ReadonlyMap<string, string>): LayerGraph {
  const graph: LayerGraph = new Map();
  for (const [file, text] of files) {
    const from = nodeOf(file);
    const edges = graph.get(from) ?? graph.set(from, new Set()).get(from)!;
    for (const match of text.matchAll(IMPORT)) {
      const target = normalize(join(dirname(file), match[1]!));
      if (target.startsWith('..')) continue; // outside src/
      const to = nodeOf(target);
      if (to !== from) edges.add(to);
    }
  }
  return graph;
}

/** Every loop of the graph, each as the path that closes it; empty when the layers are one-way. */
export function findLoops(graph: LayerGraph): string[][] {
  const loops: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const path: string[] = [];
  const visit = (node: string) => {
    state.set(node, 'open');
    path.push(node);
    for (const next of graph.get(node) ?? []) {
      if (state.get(next) === 'open') loops.push([...path.slice(path.indexOf(next)), next]);
      else if (!state.has(next)) visit(next);
    }
    path.pop();
    state.set(node, 'done');
  };
  for (const node of [...graph.keys()].sort()) if (!state.has(node)) visit(node);
  return loops;
}

export function srcLoops(srcRoot: string): string[][] {
  const files = new Map(sourceFiles(srcRoot).map((file) => [file, readFileSync(join(srcRoot, file), 'utf8')]));
  return findLoops(layerGraph(files));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const loops = srcLoops(join(dirname(fileURLToPath(import.meta.url)), '..', 'src'));
  for (const loop of loops) console.log(loop.join(' -> '));
  console.log(loops.length === 0 ? 'layers: one-way' : `layers: ${loops.length} loop(s)`);
  process.exitCode = loops.length === 0 ? 0 : 1;
}
