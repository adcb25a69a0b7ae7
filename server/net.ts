/**
 * The client's address (R-PROXY), one rule for HTTP and Socket.IO: walk `X-Forwarded-For`
 * from the right and take the first address that is not a trusted proxy. A client can
 * write anything at the left of that header; it never decides which address is used.
 *
 * Fastify gets the same trust function (app.ts), so `req.ip`, @fastify/rate-limit and
 * the socket limits all key on the same address.
 */
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import proxyAddr from '@fastify/proxy-addr';
import type { Config } from './config.ts';

/** proxy-addr's trust function: is the address at `hop` (0 = the TCP peer) one of our proxies? */
export type Trust = (address: string, hop: number) => boolean;

/**
 * TRUST_PROXY as a trust function: false trusts nobody; a number trusts that many hops
 * nearest to us (whatever their address); a list trusts those addresses or subnets
 * (`loopback`, `10.0.0.0/8`, …) wherever they are in the chain.
 */
export function trustFunction(setting: Config['trustProxy']): Trust {
  if (setting === false) return () => false;
  if (typeof setting === 'number') return (_address, hop) => hop < setting;
  return proxyAddr.compile(setting);
}

/** The client address of a connection: its TCP peer and, through trusted proxies only, X-Forwarded-For. */
export function clientAddress(peer: string | undefined, headers: IncomingHttpHeaders, trust: Trust): string {
  const req = { headers, socket: { remoteAddress: peer } } as unknown as IncomingMessage;
  return normalizeAddress(proxyAddr(req, trust) ?? peer ?? '');
}

/** One key per client: an IPv4 address seen through an IPv6 socket (`::ffff:1.2.3.4`) is that IPv4 address. */
export function normalizeAddress(address: string): string {
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address);
  return mapped ? mapped[1] : address;
}

/**
 * Whether a socket's `Origin` is ours (R-FLOOD): its host must be the `Host` it asked for,
 * the host of PUBLIC_URL, or (from a trusted proxy) `X-Forwarded-Host`. Browsers always
 * send an Origin on a WebSocket or a cross-site request; a client without one (a tool, a
 * test) is not a page on another site and is let through.
 */
export function originAllowed(headers: IncomingHttpHeaders, peer: string | undefined, trust: Trust, publicUrl?: string): boolean {
  const origin = headers.origin;
  if (origin === undefined) return true;
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false; // `null` (a sandboxed frame, a file) and anything unparseable
  }
  const hostOf = (value: string | undefined) => {
    if (!value) return undefined;
    try {
      return new URL(`${url.protocol}//${value}`).host;
    } catch {
      return undefined;
    }
  };
  const forwarded =
    peer !== undefined && trust(peer, 0)
      ? String(headers['x-forwarded-host'] ?? '')
          .split(',')[0]
          ?.trim()
      : undefined;
  const ours = [hostOf(headers.host), hostOf(forwarded), hostOf(publicUrl?.replace(/^[a-z]+:\/\//i, '').split('/')[0])];
  return ours.includes(url.host);
}
