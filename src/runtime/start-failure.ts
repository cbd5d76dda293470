import { ConfigError } from '../config.js';

/**
 * The one line a process entry prints when it cannot start, instead of a stack trace: a bad
 * configuration names each bad key; a busy port names the port and the variable that moves it.
 * `portVariable` is the variable that sets the port that failed (PORT, or FAKE_DISCORD_PORT
 * for the demo's fake Discord).
 */
export function startFailureMessage(error: unknown, where: { port: string | number; portVariable?: string; server?: string }): string {
  if (error instanceof ConfigError) return error.message;
  const { code, port } = (error ?? {}) as { code?: unknown; port?: unknown; name?: unknown };
  const name = error instanceof Error ? error.name : '';
  const failedPort = typeof port === 'number' ? port : where.port;
  const variable = where.portVariable ?? 'PORT';
  const server = where.server ?? 'guildgate';
  if (code === 'EADDRINUSE' || name === 'AddrInUse') {
    return `${server} cannot listen on port ${failedPort}: it is already in use. Stop what uses it, or set ${variable} to a free port (e.g. ${variable}=3100).`;
  }
  if (code === 'EACCES' || name === 'PermissionDenied') {
    return `${server} may not listen on port ${failedPort} (ports below 1024 need privileges): set ${variable} to a port above 1023.`;
  }
  if (code === 'EADDRNOTAVAIL') {
    return `${server} cannot listen on port ${failedPort}: the address is not one of this machine's; check HOST.`;
  }
  return `guildgate failed to start: ${String(error)}`;
}
