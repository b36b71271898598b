/**
 * The renderer's Content-Security-Policy in browser mode: only our own scripts, no inline
 * scripts, no plugins, no framing, and network access only to this server and its WebSocket.
 * Inline styles stay allowed because recharts sets style attributes.
 */
export const BROWSER_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self' ws://127.0.0.1:*",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');
