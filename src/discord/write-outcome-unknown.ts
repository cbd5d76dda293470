/** How a write's call ended without an answer that says whether Discord applied it. */
export type UnknownOutcome = 'timeout' | 'unreachable' | 'server-error';

/**
 * A POST or PATCH that was sent and then timed out, lost its connection or got a 5xx: Discord
 * may have applied it. Thrown from the HTTP call itself so that @discordjs/rest does not retry
 * (it retries an AbortError and ECONNRESET, and any 5xx): resending would post the message
 * twice. Its name and message avoid what REST's retry test looks for.
 */
export class WriteOutcomeUnknown extends Error {
  override readonly name = 'WriteOutcomeUnknown' as const;

  constructor(
    readonly outcome: UnknownOutcome,
    readonly httpStatus?: number,
  ) {
    super(`The write was sent and its outcome is unknown (${outcome})`);
  }
}

/** Methods REST may resend after a timeout or a 5xx: repeating them changes nothing. */
const RESENDABLE = new Set(['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS']);

export function isResendable(method: string): boolean {
  return RESENDABLE.has(method.toUpperCase());
}
