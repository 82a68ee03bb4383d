import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../paths.js';
import type { Route } from './server.js';

/** Where src/dashboard/build.mjs writes the page (part of `npm run build`). */
export const DASHBOARD_ASSETS_DIR = path.join(PROJECT_ROOT, 'dist', 'dashboard');

const TYPES: Readonly<Record<string, string>> = {
  html: 'text/html; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
};

/** `/` is the page; `/dashboard/<name>.js|css` its script, chunks and stylesheet (no paths). */
function fileFor(pathname: string): { file: string; type: string } | null {
  if (pathname === '/') return { file: 'index.html', type: TYPES['html']! };
  const match = /^\/dashboard\/([A-Za-z0-9_-]+\.(js|css))$/.exec(pathname);
  return match ? { file: match[1]!, type: TYPES[match[2]!]! } : null;
}

// The page talks to this origin only; ECharts sets element styles from script.
const CSP =
  "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; connect-src 'self'; img-src 'self' data: blob:; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/**
 * The dashboard at `/`: index.html (whatever the query string: it holds the view's state),
 * its script and stylesheet. Files are read once and kept; a missing build answers 503 with
 * the command that makes it.
 */
export function dashboardRoute(assetsDir: string = DASHBOARD_ASSETS_DIR): Route {
  const cache = new Map<string, Buffer>();
  return ({ req, res, url }) => {
    const entry = fileFor(url.pathname);
    if (!entry) return false;
    const method = (req.method ?? 'GET').toUpperCase();
    if (method !== 'GET' && method !== 'HEAD') return false;
    let body = cache.get(entry.file);
    if (!body) {
      try {
        body = readFileSync(path.join(assetsDir, entry.file));
      } catch {
        // a chunk that is not there is just not found; a missing page means no build
        if (!['index.html', 'app.js', 'app.css'].includes(entry.file)) return false;
        const text = `The dashboard is not built (no ${entry.file} in ${assetsDir}): run "npm run build".\n`;
        res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8', 'content-length': Buffer.byteLength(text) });
        res.end(text);
        return true;
      }
      cache.set(entry.file, body);
    }
    res.writeHead(200, {
      'content-type': entry.type,
      'content-length': body.length,
      'cache-control': 'no-cache',
      'x-content-type-options': 'nosniff',
      ...(entry.file === 'index.html' ? { 'content-security-policy': CSP } : {}),
    });
    res.end(method === 'HEAD' ? undefined : body);
    return true;
  };
}
