/**
 * Concurrent callers of one key share one run of the task. Each caller may bring its own
 * AbortSignal: a caller that gives up stops waiting, and the shared task is aborted only when
 * every caller has given up, so one impatient client never fails the others.
 */
interface Flight<T> {
  readonly promise: Promise<T>;
  readonly controller: AbortController;
  waiters: number;
}

export class Singleflight<T> {
  private readonly flights = new Map<string, Flight<T>>();

  run(key: string, task: (signal: AbortSignal) => Promise<T>, signal?: AbortSignal): Promise<T> {
    const flight = this.flights.get(key) ?? this.start(key, task);
    flight.waiters++;
    if (!signal) return flight.promise;
    return this.waitWithSignal(flight, signal);
  }

  get inFlight(): number {
    return this.flights.size;
  }

  /** Callers still waiting, over every flight (for metrics and tests). */
  get waiting(): number {
    let total = 0;
    for (const flight of this.flights.values()) total += flight.waiters;
    return total;
  }

  private start(key: string, task: (signal: AbortSignal) => Promise<T>): Flight<T> {
    const controller = new AbortController();
    const promise = Promise.resolve()
      .then(() => task(controller.signal))
      .finally(() => this.flights.delete(key));
    const flight: Flight<T> = { promise, controller, waiters: 0 };
    this.flights.set(key, flight);
    return flight;
  }

  private waitWithSignal(flight: Flight<T>, signal: AbortSignal): Promise<T> {
    if (signal.aborted) return this.leave(flight, signal);
    return new Promise<T>((resolve, reject) => {
      const onAbort = () => this.leave(flight, signal).catch(reject);
      signal.addEventListener('abort', onAbort, { once: true });
      flight.promise.then(
        (value) => {
          signal.removeEventListener('abort', onAbort);
          resolve(value);
        },
        (error: unknown) => {
          signal.removeEventListener('abort', onAbort);
          reject(error);
        },
      );
    });
  }

  private leave(flight: Flight<T>, signal: AbortSignal): Promise<T> {
    flight.waiters--;
    if (flight.waiters <= 0) flight.controller.abort(signal.reason);
    flight.promise.catch(() => {});
    return Promise.reject(signal.reason ?? new DOMException('Aborted', 'AbortError'));
  }
}
