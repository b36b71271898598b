// Bundles the React renderer into dist/renderer-app/ for both the Electron window and browser mode.
// Not dist/renderer/: tsc writes the store modules the tests import there, and browser mode must
// serve the bundle only.
// Everything is bundled locally: the CSP allows scripts from 'self' only (no CDN, no inline script).
import { copyFileSync, mkdirSync } from 'node:fs';
import { build } from 'esbuild';

const outdir = 'dist/renderer-app';
mkdirSync(outdir, { recursive: true });

await build({
  entryPoints: { app: 'renderer/main.tsx' },
  outdir,
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
  jsx: 'automatic',
  minify: true,
  sourcemap: true,
  define: { 'process.env.NODE_ENV': '"production"' },
  loader: { '.css': 'css' },
  logLevel: 'warning',
});
copyFileSync('renderer/index.html', `${outdir}/index.html`);
