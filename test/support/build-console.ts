import { buildConsole } from '../../scripts/build-console.js';

/** vitest globalSetup: the console's build in dist/public/console, unless it is current. */
export default async function setup(): Promise<void> {
  await buildConsole();
}
