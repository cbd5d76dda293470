import type { Context } from 'hono';

/**
 * The address a request came from, for per-client limits. Headers a client can write itself
 * (X-Forwarded-For, CF-Connecting-IP) are believed only when TRUST_PROXY says a proxy in front
 * sets them. Behind one proxy the last X-Forwarded-For hop is the one that proxy added; earlier
 * hops were sent by the client and prove nothing.
 */
export function clientAddress(c: Context, trustProxy: boolean): string {
  if (trustProxy) {
    const proxied = addressFromProxy(c.req.raw.headers);
    if (proxied) return proxied;
  }
  return socketAddress(c.env, c.req.raw) ?? 'unknown';
}

function addressFromProxy(headers: Headers): string | undefined {
  const cloudflare = headers.get('CF-Connecting-IP')?.trim();
  if (cloudflare && isAddress(cloudflare)) return cloudflare;
  const lastHop = headers.get('X-Forwarded-For')?.split(',').at(-1)?.trim();
  return lastHop && isAddress(lastHop) ? lastHop : undefined;
}

/** IPv4 or IPv6 text, nothing else: a junk header must not become a throttle key. */
function isAddress(text: string): boolean {
  return text.length <= 45 && /^[0-9A-Fa-f:.]+$/.test(text);
}

/**
 * The peer of the socket, from what each server hands the app as its env: @hono/node-server's
 * `{ incoming }`, Bun's server (`requestIP`), Deno's serve info (`remoteAddr`). Read by shape,
 * so no runtime's module is imported here.
 */
function socketAddress(env: unknown, request: Request): string | undefined {
  if (!env || typeof env !== 'object') return undefined;
  const server = env as {
    incoming?: { socket?: { remoteAddress?: string } };
    requestIP?: (request: Request) => { address?: string } | null;
    remoteAddr?: { hostname?: string };
  };
  if (server.incoming) return server.incoming.socket?.remoteAddress;
  if (typeof server.requestIP === 'function') return server.requestIP(request)?.address;
  return server.remoteAddr?.hostname;
}
