// guildgate's real Node entry, plus a probe read from outside: on SIGUSR2 it runs full GCs and
// writes process.memoryUsage() as JSON to HEAP_PROBE_OUT. Run with node --expose-gc.
// Env: HEAP_PROBE_OUT, and everything src/runtime/node.ts reads.
import { writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

declare const gc: () => void;

process.on('SIGUSR2', () => {
  for (let i = 0; i < 3; i++) gc();
  writeFileSync(process.env.HEAP_PROBE_OUT ?? 'heap.json', JSON.stringify(process.memoryUsage()));
});
await import(pathToFileURL('src/runtime/node.ts').href);
