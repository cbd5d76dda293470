// Injected failures, consumed in the order they were added: the first active fault whose route
// pattern matches the path (without the /api/v10 prefix) decides the answer.
import type { Fault } from './types.js';

interface ActiveFault { fault: Fault; remaining: number }

export class FaultList {
  private active: ActiveFault[] = [];

  add(fault: Fault): void {
    this.active.push({ fault, remaining: fault.times ?? Number.POSITIVE_INFINITY });
  }

  clear(): void {
    this.active = [];
  }

  /** The fault this request meets, if any; each use counts against its `times`. */
  take(path: string, method: string): Fault | undefined {
    const entry = this.active.find((candidate) =>
      matches(candidate.fault.route, path) && (candidate.fault.method ?? method).toUpperCase() === method.toUpperCase());
    if (!entry) return undefined;
    entry.remaining -= 1;
    if (entry.remaining <= 0) this.active = this.active.filter((candidate) => candidate !== entry);
    return entry.fault;
  }
}

function matches(route: RegExp | undefined, path: string): boolean {
  if (!route) return true;
  route.lastIndex = 0;
  return route.test(path);
}

/**
 * What a dropped connection looks like to a fetch caller on Node (undici): a TypeError
 * 'fetch failed' whose cause carries the socket error code.
 */
export class ConnectionDropped extends TypeError {
  constructor() {
    const cause = Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET', errno: -104, syscall: 'read' });
    super('fetch failed', { cause });
  }
}
