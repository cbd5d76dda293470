/**
 * Runs a function every so often, until stopped. Streams start theirs inside the request (a
 * Worker forbids timers at module load); tests inject one they fire by hand, so they never sleep.
 */
export interface Ticker {
  every(ms: number, tick: () => void): () => void;
}

export const intervalTicker: Ticker = {
  every(ms, tick) {
    const timer = setInterval(tick, ms);
    return () => clearInterval(timer);
  },
};
