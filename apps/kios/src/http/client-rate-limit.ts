/** Beyond this many addresses, those whose bucket has filled up again are forgotten. */
const PRUNE_ABOVE = 10_000;

/**
 * A token bucket per client address (README "Abuse limits"): `perMinute` requests a minute, refilled
 * continuously, so a client may burst up to `perMinute` and then keeps to the rate.
 */
export class ClientRateLimit {
  private readonly buckets = new Map<string, { tokens: number; atMs: number }>();
  /**
   * The size that starts the next pruning: twice what a pruning left, so a flood from many busy
   * addresses (none of them full) prunes once per doubling, not on every request.
   */
  private pruneAt = PRUNE_ABOVE;

  constructor(private readonly perMinute: number) {}

  /** Takes one request's token for `client` at `nowMs`; false when it has none left. */
  take(client: string, nowMs: number): boolean {
    if (this.buckets.size > this.pruneAt) this.pruneFull(nowMs);
    const tokens = this.tokensAt(client, nowMs);
    const allowed = tokens >= 1;
    this.buckets.set(client, { tokens: allowed ? tokens - 1 : tokens, atMs: nowMs });
    return allowed;
  }

  private tokensAt(client: string, nowMs: number): number {
    const bucket = this.buckets.get(client);
    if (!bucket) return this.perMinute;
    return Math.min(this.perMinute, bucket.tokens + ((nowMs - bucket.atMs) * this.perMinute) / 60_000);
  }

  private pruneFull(nowMs: number): void {
    for (const client of this.buckets.keys()) {
      if (this.tokensAt(client, nowMs) >= this.perMinute) this.buckets.delete(client);
    }
    this.pruneAt = Math.max(PRUNE_ABOVE, this.buckets.size * 2);
  }
}

/** Addresses as the socket reports them, IPv4 ones without their IPv6 prefix. */
export function plainAddress(address: string | undefined): string {
  return (address ?? 'unknown').replace(/^::ffff:/, '');
}

/**
 * The client a request comes from: the socket's address, or, when that is one of the trusted
 * proxies, the nearest address in X-Forwarded-For that is not (a client can write the header, but
 * not the entries a trusted proxy appends after its own).
 */
export function clientAddress(
  socketAddress: string | undefined,
  forwardedFor: string | string[] | undefined,
  trustedProxies: ReadonlySet<string>,
): string {
  const socket = plainAddress(socketAddress);
  if (!trustedProxies.has(socket) || forwardedFor === undefined) return socket;
  const hops = (Array.isArray(forwardedFor) ? forwardedFor.join(',') : forwardedFor)
    .split(',')
    .map((hop) => plainAddress(hop.trim()))
    .filter((hop) => hop.length > 0);
  for (let i = hops.length - 1; i >= 0; i -= 1) {
    if (!trustedProxies.has(hops[i])) return hops[i];
  }
  return hops[0] ?? socket;
}

/** A comma-separated list of addresses from the configuration. */
export function addressSet(list: string | undefined): ReadonlySet<string> {
  return new Set(
    (list ?? '')
      .split(',')
      .map((address) => plainAddress(address.trim()))
      .filter(Boolean),
  );
}
