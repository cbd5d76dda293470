import type { Context } from 'hono';
import type { PeerAddress } from '../env.js';

/**
 * The address a request came from, for per-client limits. Headers a client can write itself
 * (X-Forwarded-For, CF-Connecting-IP) are believed only when TRUST_PROXY says a proxy in front
 * sets them. Behind one proxy the last X-Forwarded-For hop is the one that proxy added; earlier
 * hops were sent by the client and prove nothing. Otherwise it is the socket's peer, as the
 * runtime entry reports it.
 */
export function clientAddress(c: Context, trustProxy: boolean, peerAddress: PeerAddress): string {
  if (trustProxy) {
    const proxied = addressFromProxy(c.req.raw.headers);
    if (proxied) return proxied;
  }
  return peerAddress(c) ?? 'unknown';
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
