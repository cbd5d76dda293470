// Every request the fake receives, in arrival order, for assertions such as "the gateway made
// exactly one upstream call".
import { parseBearerAuthorization, parseBotAuthorization } from './token.js';
import type { RecordedCall } from './types.js';

/**
 * Percent-decodes each segment: clients send '/users/%40me' (URL-encoding the '@'), which
 * Discord treats as '/users/@me', and so must routing and the call log.
 */
export function decodePath(pathname: string): string {
  return pathname
    .split('/')
    .map((segment) => {
      try {
        return decodeURIComponent(segment);
      } catch {
        return segment;
      }
    })
    .join('/');
}

/** Strips /api/v10 (or /api/vN, or /api) so tests can write Discord's paths as documented. */
export function discordPath(pathname: string): string {
  const stripped = pathname.replace(/^\/api(?:\/v\d+)?(?=\/|$)/, '');
  return stripped === '' ? '/' : stripped;
}

/** A request body as tests want to assert on it: JSON parsed, a form as its fields, else text. */
export function parseRecordedBody(text: string, contentType: string): unknown {
  if (text === '') return undefined;
  if (contentType.includes('application/x-www-form-urlencoded')) return Object.fromEntries(new URLSearchParams(text));
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

export class CallLog {
  readonly calls: RecordedCall[] = [];

  begin(request: Request, at: number): RecordedCall {
    const url = new URL(request.url);
    const call: RecordedCall = {
      method: request.method,
      path: discordPath(decodePath(url.pathname)),
      query: url.search.replace(/^\?/, ''),
      token: parseBotAuthorization(request.headers.get('authorization') ?? undefined),
      bearer: parseBearerAuthorization(request.headers.get('authorization') ?? undefined),
      auditLogReason: request.headers.get('x-audit-log-reason') ?? undefined,
      body: undefined,
      status: 0,
      at,
    };
    this.calls.push(call);
    return call;
  }

  to(pattern: string | RegExp): RecordedCall[] {
    if (typeof pattern === 'string') return this.calls.filter((call) => call.path === pattern);
    return this.calls.filter((call) => {
      pattern.lastIndex = 0;
      return pattern.test(call.path);
    });
  }

  reset(): void {
    // Emptied in place: tests may hold a reference to `fake.calls`.
    this.calls.length = 0;
  }
}
