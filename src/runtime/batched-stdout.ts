import process from 'node:process';
import type { LogSink } from '../logger.js';

/** How long a line may wait for company before it is written. */
const FLUSH_AFTER_MS = 20;
/** A batch this large is written at once, whatever the time. */
const FLUSH_AT_LINES = 512;

/**
 * Log lines gathered and written to stdout in batches, instead of one console.log per line
 * (formatting, a colour check and a synchronous write each): under load that was about a
 * tenth of a cached read, and a write per event-loop turn still cost a system call for every
 * request or two. Lines are written in order, at most FLUSH_AFTER_MS late; whatever is pending
 * is flushed on exit too (a SIGKILL can lose those last milliseconds).
 */
export function batchedStdout(): LogSink {
  let pending: string[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  const flush = () => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    if (pending.length === 0) return;
    const text = `${pending.join('\n')}\n`;
    pending = [];
    process.stdout.write(text);
  };
  process.once('exit', flush);
  return (line) => {
    pending.push(line);
    if (pending.length >= FLUSH_AT_LINES) flush();
    else if (timer === undefined) timer = setTimeout(flush, FLUSH_AFTER_MS);
  };
}
