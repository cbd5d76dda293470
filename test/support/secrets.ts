/**
 * Every secret a test hands out (bot tokens, session ids) and every text guildgate emitted
 * (log lines, responses after login). The secret guard checks, at the end of each test file,
 * that no emitted text contains any secret.
 */
const secrets = new Set<string>();
const emitted: { where: string; text: string }[] = [];

export function registerSecret(secret: string): void {
  if (secret.length >= 16) secrets.add(secret);
}

export function recordEmitted(where: string, text: string): void {
  emitted.push({ where, text });
}

export function leakedSecrets(): { where: string; secretPrefix: string }[] {
  const leaks: { where: string; secretPrefix: string }[] = [];
  for (const { where, text } of emitted) {
    for (const secret of secrets) {
      if (text.includes(secret)) leaks.push({ where, secretPrefix: secret.slice(0, 6) });
    }
  }
  return leaks;
}

export function emittedCount(): number {
  return emitted.length;
}

/** Records a response's status line, headers and body as emitted text. */
export async function recordResponse(where: string, response: Response): Promise<void> {
  const headers = [...response.headers].map(([name, value]) => `${name}: ${value}`).join('\n');
  const body = await response.clone().text();
  recordEmitted(where, `${response.status}\n${headers}\n\n${body}`);
}
