import type { TLSSocket } from 'node:tls';
import type { FastifyRequest } from 'fastify';
import { clientAddress, plainAddress } from '../../http/client-rate-limit';

/** The client's address, through the trusted proxies (KIOS_TRUSTED_PROXIES) as DANA's rate limit reads it. */
export function requestClient(request: FastifyRequest, trustedProxies: ReadonlySet<string>): string {
  return clientAddress(request.raw.socket.remoteAddress, request.headers['x-forwarded-for'], trustedProxies);
}

/**
 * Whether the browser reached kios over TLS: on kios's own socket, or, through a trusted proxy, as
 * its X-Forwarded-Proto says (first entry: the scheme the first proxy was reached by). A client
 * that is not a trusted proxy cannot claim it.
 */
export function cameOverTls(request: FastifyRequest, trustedProxies: ReadonlySet<string>): boolean {
  if ((request.raw.socket as TLSSocket).encrypted) return true;
  if (!trustedProxies.has(plainAddress(request.raw.socket.remoteAddress))) return false;
  const header = request.headers['x-forwarded-proto'];
  const first = (Array.isArray(header) ? header[0] : (header ?? '')).split(',')[0].trim().toLowerCase();
  return first === 'https';
}

/** A browser asking for a page (navigation sends Accept: text/html), rather than a script asking for JSON. */
export function wantsPage(request: FastifyRequest): boolean {
  return request.method === 'GET' && (request.headers.accept ?? '').includes('text/html');
}
