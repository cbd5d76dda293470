/**
 * JSON-lines logger. Callers pass plain fields; nothing here knows about tokens or session ids,
 * so callers must only ever hand it fingerprints (see sessions/fingerprint).
 */
export const LOG_LEVELS = ['debug', 'info', 'warn', 'error', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(event: string, fields?: LogFields): void;
  info(event: string, fields?: LogFields): void;
  warn(event: string, fields?: LogFields): void;
  error(event: string, fields?: LogFields): void;
  enabled(level: LogLevel): boolean;
  /**
   * An info line whose fields the caller already wrote as JSON members (`"a":1,"b":"x"`), for
   * the one line every request writes; everything else passes an object.
   */
  infoMembers(event: string, members: string): void;
}

export type LogSink = (line: string) => void;

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 99 };

export function createLogger(options: { level: LogLevel; sink?: LogSink; now?: () => number }): Logger {
  const sink = options.sink ?? ((line: string) => console.log(line));
  const timestamp = isoTimestamps(options.now ?? Date.now);
  const threshold = RANK[options.level];
  const write = (level: LogLevel) => (event: string, fields?: LogFields) => {
    if (RANK[level] < threshold) return;
    sink(formatLine(timestamp(), level, event, fields));
  };
  return {
    debug: write('debug'),
    info: write('info'),
    warn: write('warn'),
    error: write('error'),
    enabled: (level) => RANK[level] >= threshold,
    infoMembers: (event, members) => {
      if (RANK.info >= threshold) sink(`{"time":"${timestamp()}","level":"info","event":${JSON.stringify(event)},${members}}`);
    },
  };
}

/**
 * `{"time","level","event",...fields}` as one JSON object, built without merging objects: this
 * runs for every request, and the merge cost more than the serialisation.
 */
function formatLine(time: string, level: LogLevel, event: string, fields: LogFields | undefined): string {
  const head = `{"time":"${time}","level":"${level}","event":${JSON.stringify(event)}`;
  const rest = fields === undefined ? '{}' : JSON.stringify(fields);
  return rest === '{}' ? `${head}}` : `${head},${rest.slice(1)}`;
}

/** ISO timestamps, made once per millisecond however many lines share it. */
function isoTimestamps(now: () => number): () => string {
  let lastMs = Number.NaN;
  let lastIso = '';
  return () => {
    const ms = now();
    if (ms !== lastMs) {
      lastMs = ms;
      lastIso = new Date(ms).toISOString();
    }
    return lastIso;
  };
}
