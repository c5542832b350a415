import { IncomingHttpHeaders } from 'node:http';

/**
 * Does the request ask for an answer from the current state of the read models? `Cache-Control: no-cache`
 * (what a client sends to see its own write) or `max-age=0` (a browser's reload); `Pragma: no-cache` when
 * there is no Cache-Control (HTTP/1.0 clients, RFC 9111 §5.4).
 */
export function wantsFreshAnswer(headers: IncomingHttpHeaders): boolean {
  const cacheControl = headers['cache-control'];
  if (cacheControl === undefined) return /(^|,)\s*no-cache\s*(,|$)/i.test(String(headers.pragma ?? ''));
  return String(cacheControl)
    .split(',')
    .map((directive) => directive.trim().toLowerCase())
    .some((directive) => directive === 'no-cache' || /^max-age\s*=\s*"?0+"?$/.test(directive));
}
