import { join, normalize, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { net, type Protocol, protocol } from 'electron';

/**
 * The renderer is served from a custom scheme rather than file://, as Electron's security
 * checklist advises: file:// pages can read any file the user can, and module scripts and CSP
 * headers do not work on file://. The scheme is standard and secure, so the page gets a real
 * origin ('self' in the CSP means podium://app) and nothing else.
 */
export const RENDERER_SCHEME = 'podium';
export const RENDERER_ORIGIN = `${RENDERER_SCHEME}://app`;
export const RENDERER_PAGE_URL = `${RENDERER_ORIGIN}/index.html`;

/**
 * The page's Content-Security-Policy in the desktop app: as in browser mode, but with no network
 * at all (the page talks to the core only through window.podium) and no forms.
 */
export const DESKTOP_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'none'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** Must run before the app is ready. */
export function registerRendererScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: RENDERER_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: false } },
  ]);
}

/** Serves files under `rendererDir` only, each with the CSP and nosniff headers. */
export function serveRenderer(target: Protocol, rendererDir: string): void {
  const root = normalize(rendererDir + sep);
  target.handle(RENDERER_SCHEME, async (request) => {
    const url = new URL(request.url);
    const relative = decodeURIComponent(url.pathname === '/' ? '/index.html' : url.pathname);
    const file = normalize(join(root, relative));
    if (url.host !== 'app' || !file.startsWith(root)) return new Response('Not found', { status: 404 });
    const answer = await net.fetch(pathToFileURL(file).toString());
    const headers = new Headers(answer.headers);
    headers.set('content-security-policy', DESKTOP_CSP);
    headers.set('x-content-type-options', 'nosniff');
    return new Response(answer.body, { status: answer.status, headers });
  });
}
