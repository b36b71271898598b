// Bundles the React renderer into dist/renderer/ for both the Electron window and browser mode.
// Everything is bundled locally: the CSP allows scripts from 'self' only (no CDN, no inline script).
import { copyFileSync, mkdirSync } from 'node:fs';
import { build } from 'esbuild';

const outdir = 'dist/renderer';
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
