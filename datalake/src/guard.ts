// Who may talk to the datalake. It listens on loopback, but a web page can
// still reach 127.0.0.1 (a "simple" cross-site POST needs no CORS preflight)
// and DNS rebinding makes evil.example resolve to it. So, before any route:
//  - the Host header must name the address it listens on (127.0.0.1:PORT,
//    localhost:PORT, [::1]:PORT on loopback; the configured host; the names in
//    `allowedHosts`), which defeats rebinding; a request with two Host headers is
//    a 400 (RFC 9112 section 3.2), and an absolute-form target (`GET http://host/path`)
//    names the host instead of the Host header (RFC 9112 section 3.2.2), so it
//    must name this datalake too;
//  - a request that carries an Origin must come from one of those origins
//    (browsers send Origin on every cross-site POST; the official clients send none);
//  - a body must be `application/json`, which a page cannot send cross-site
//    without a preflight, and no preflight is ever answered permissively
//    (no Access-Control-* header is sent at all).
import type { IncomingMessage } from 'node:http';
import { hostname, networkInterfaces } from 'node:os';

export interface Refusal {
  status: 400 | 403 | 415;
  message: string;
}

const LOOPBACK_NAMES = ['127.0.0.1', 'localhost', '[::1]'];
const WILDCARDS = new Set(['0.0.0.0', '::', '[::]', '']);

const bracket = (address: string): string => (address.includes(':') && !address.startsWith('[') ? `[${address}]` : address);
const isLoopback = (host: string): boolean => host === 'localhost' || host === '::1' || host === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(host);

/**
 * The `Host` values accepted for a server listening on `listenHost`:`port`:
 * every name and address of that interface with the port (and bare, on port 80),
 * plus `extra` names (with or without a port).
 */
export function allowedHostNames(listenHost: string, boundAddress: string, port: number, extra: readonly string[] = []): Set<string> {
  const names = new Set<string>([bracket(listenHost.toLowerCase()), bracket(boundAddress.toLowerCase())]);
  if (isLoopback(listenHost) || isLoopback(boundAddress)) for (const n of LOOPBACK_NAMES) names.add(n);
  if (WILDCARDS.has(listenHost) || WILDCARDS.has(boundAddress)) {
    // Every interface answers: each of their addresses, the loopback names and this machine's name.
    for (const n of LOOPBACK_NAMES) names.add(n);
    for (const list of Object.values(networkInterfaces())) for (const a of list ?? []) names.add(bracket(a.address.toLowerCase()));
    names.add(hostname().toLowerCase());
  }
  // The wildcard address itself stays: a client may dial 0.0.0.0, and no rebinding can name it.
  names.delete('');
  const hosts = new Set<string>();
  for (const n of names) {
    hosts.add(`${n}:${port}`);
    if (port === 80) hosts.add(n);
  }
  for (const e of extra) {
    const name = e.trim().toLowerCase().replace(/\.$/, '');
    if (name === '') continue;
    hosts.add(/:\d+$/.test(name) && !name.endsWith(']') ? name : `${bracket(name)}:${port}`);
  }
  return hosts;
}

/** Why a request is refused before routing, or undefined when it may go on. */
export function refusal(req: IncomingMessage, allowedHosts: ReadonlySet<string>): Refusal | undefined {
  let hosts = 0;
  for (let i = 0; i < req.rawHeaders.length; i += 2) if (req.rawHeaders[i]!.toLowerCase() === 'host') hosts++;
  if (hosts > 1) return { status: 400, message: 'The request carries more than one Host header (RFC 9112 section 3.2).' };
  const target = req.url ?? '/';
  let authority = req.headers.host ?? '';
  if (!target.startsWith('/') && target !== '*') {
    const absolute = /^http:\/\/([^/?#]*)/i.exec(target);
    if (!absolute) return { status: 403, message: `Request target "${target.slice(0, 100)}" is not an http:// address of this local datalake.` };
    authority = absolute[1]!;
  }
  const host = authority.trim().toLowerCase().replace(/\.(?=:\d+$)|\.$/, '');
  if (!allowedHosts.has(host)) {
    return {
      status: 403,
      message: `Host "${host.slice(0, 100)}" is not an address of this local datalake (it answers for ${[...allowedHosts].slice(0, 3).join(', ')}...; start it with --host to change that).`,
    };
  }
  const origin = req.headers.origin;
  if (origin !== undefined) {
    const fromSelf = /^http:\/\/(.+)$/i.exec(origin.trim());
    if (!fromSelf || !allowedHosts.has(fromSelf[1]!.toLowerCase())) {
      return { status: 403, message: `Cross-origin requests are refused: Origin "${origin.slice(0, 100)}" is not this local datalake.` };
    }
  }
  const method = (req.method ?? 'GET').toUpperCase();
  const hasBody = (req.headers['content-length'] !== undefined && req.headers['content-length'] !== '0') || req.headers['transfer-encoding'] !== undefined;
  if (hasBody && (method === 'POST' || method === 'PUT' || method === 'PATCH')) {
    const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    if (type !== 'application/json') {
      return { status: 415, message: `Request bodies must be application/json, not "${type.slice(0, 100) || 'none'}".` };
    }
  }
  return undefined;
}
