import type { Context } from 'hono';
import type { TrustProxy } from '../config.js';
import type { PeerAddress } from '../env.js';

/**
 * The address a request came from, for per-client limits. Headers a client can write itself
 * (X-Forwarded-For, CF-Connecting-IP) are believed only as TRUST_PROXY names them: behind
 * Cloudflare, CF-Connecting-IP; behind `hops` proxies, the X-Forwarded-For entry the outermost
 * trusted proxy added (the `hops`-th from the right); what a client prepends proves nothing,
 * and behind a plain proxy a client-sent CF-Connecting-IP is ignored. Otherwise (or when the
 * header is missing or junk) it is the socket's peer, as the runtime entry reports it.
 */
export function clientAddress(c: Context, trustProxy: TrustProxy, peerAddress: PeerAddress): string {
  const proxied = addressFromProxy(c.req.raw.headers, trustProxy);
  return proxied ?? peerAddress(c) ?? 'unknown';
}

function addressFromProxy(headers: Headers, trustProxy: TrustProxy): string | undefined {
  if (trustProxy.kind === 'none') return undefined;
  if (trustProxy.kind === 'cloudflare') return asAddress(headers.get('CF-Connecting-IP'));
  const hops = headers.get('X-Forwarded-For')?.split(',');
  return asAddress(hops?.[hops.length - trustProxy.hops]);
}

/** IPv4 or IPv6 text, nothing else: a junk header must not become a throttle key. */
function asAddress(text: string | null | undefined): string | undefined {
  const trimmed = text?.trim();
  return trimmed && trimmed.length <= 45 && /^[0-9A-Fa-f:.]+$/.test(trimmed) ? trimmed : undefined;
}
