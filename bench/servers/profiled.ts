// Runs a server entry under the V8 profiler for a window that starts after warm-up, so module
// loading and JIT warm-up stay out of the profile. Env: PROFILE_ENTRY (module path),
// PROFILE_START_MS, PROFILE_DURATION_MS, PROFILE_OUT (.cpuprofile path).
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { pathToFileURL } from 'node:url';

const session = new Session();
session.connect();
await session.post('Profiler.enable');
await session.post('Profiler.setSamplingInterval', { interval: 200 });
await import(pathToFileURL(process.env.PROFILE_ENTRY ?? 'src/runtime/node.ts').href);
setTimeout(() => {
  void session.post('Profiler.start').then(() => {
    setTimeout(() => {
      void session.post('Profiler.stop').then(({ profile }) => writeFileSync(process.env.PROFILE_OUT ?? 'out.cpuprofile', JSON.stringify(profile)));
    }, Number(process.env.PROFILE_DURATION_MS ?? 5000));
  });
}, Number(process.env.PROFILE_START_MS ?? 2000));
