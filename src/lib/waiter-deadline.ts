/** A waiter's signal: aborts when its client goes away or its deadline passes. */
export interface WaiterDeadline {
  readonly signal: AbortSignal | undefined;
  /** Clears the timer: call when the wait is over, whichever way it ended. */
  done(): void;
}

/**
 * A plain timer on a controller, not AbortSignal.timeout inside AbortSignal.any: on Node 20 the
 * timeout signal can be garbage-collected before it fires, and the request then hangs past its
 * bound (nodejs/node#57736). Aborts with a TimeoutError, as AbortSignal.timeout would.
 */
export function waiterDeadline(clientSignal: AbortSignal | undefined, deadlineMs: number): WaiterDeadline {
  if (deadlineMs <= 0) return { signal: clientSignal, done: () => {} };
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new DOMException('The upstream deadline passed', 'TimeoutError')), deadlineMs);
  const onClientGone = () => controller.abort(clientSignal?.reason);
  if (clientSignal?.aborted) onClientGone();
  else clientSignal?.addEventListener('abort', onClientGone, { once: true });
  return {
    signal: controller.signal,
    done: () => {
      clearTimeout(timer);
      clientSignal?.removeEventListener('abort', onClientGone);
    },
  };
}
