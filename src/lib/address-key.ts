/**
 * The key per-client limits count under. An IPv6 client usually holds a whole /64 (and picks
 * a new address from it at will), so it is keyed by that prefix; IPv4, and IPv4 mapped into
 * IPv6 (`::ffff:1.2.3.4`), by the address.
 */
export function addressKey(address: string): string {
  if (!address.includes(':')) return address;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return mapped[1]!;
  const groups = expandIpv6(address);
  return groups ? `${groups.slice(0, 4).join(':')}::/64` : address;
}

/** The eight groups of an IPv6 address, zeros filled in for `::`; undefined when it is not one. */
function expandIpv6(address: string): string[] | undefined {
  const [head, tail, extra] = address.toLowerCase().split('::');
  if (extra !== undefined) return undefined;
  const left = head ? head.split(':') : [];
  const right = tail === undefined ? [] : tail ? tail.split(':') : [];
  const missing = 8 - left.length - right.length;
  if (missing < 0 || (tail === undefined && missing !== 0)) return undefined;
  const groups = [...left, ...Array<string>(missing).fill('0'), ...right];
  if (!groups.every((group) => /^[0-9a-f]{1,4}$/.test(group))) return undefined;
  return groups.map((group) => group.replace(/^0+(?=.)/, ''));
}
