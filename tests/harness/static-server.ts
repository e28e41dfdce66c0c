/**
 * A tiny static file server on 127.0.0.1 for test pages (the customer phone, fixture CRM pages).
 * Pages served from http://127.0.0.1 are a secure context, so getUserMedia works in them.
 */
import { createReadStream, statSync, type Stats } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, resolve, sep } from 'node:path';

export interface StaticServer {
  /** http://127.0.0.1:PORT (no trailing slash). */
  url: string;
  port: number;
  close(): Promise<void>;
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.htm': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.wav': 'audio/wav',
};

/**
 * Serves each directory under its URL prefix, e.g. `{ '/customer/': 'tests/customer' }`.
 * The longest matching prefix wins; a directory request serves its index.html.
 */
export async function startStaticServer(
  roots: Record<string, string>,
  options: {
    /** Serves another path for a URL (e.g. a CRM's `index.php?module=…` as a saved page). */
    rewrite?(url: URL): string | undefined;
  } = {},
): Promise<StaticServer> {
  const mounts = Object.entries(roots)
    .map(([prefix, dir]) => ({ prefix: normalizePrefix(prefix), dir: resolve(dir) }))
    .sort((a, b) => b.prefix.length - a.prefix.length);

  const server = createServer((req, res) => {
    try {
      serve(req, res, mounts, options.rewrite);
    } catch {
      send(res, 500, 'Internal Server Error');
    }
  });
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => ok());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    close: () =>
      new Promise<void>((ok) => {
        // Browsers keep connections alive; without this close() would wait for them to idle out.
        server.closeAllConnections();
        server.close(() => ok());
      }),
  };
}

function normalizePrefix(prefix: string): string {
  let p = prefix.startsWith('/') ? prefix : `/${prefix}`;
  if (!p.endsWith('/')) p += '/';
  return p;
}

function serve(
  req: IncomingMessage,
  res: ServerResponse,
  mounts: Array<{ prefix: string; dir: string }>,
  rewrite?: (url: URL) => string | undefined,
): void {
  if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'Method Not Allowed');
  let pathname: string;
  let search: string;
  try {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    pathname = decodeURIComponent(rewrite?.(url) ?? url.pathname);
    search = url.search;
  } catch {
    return send(res, 400, 'Bad Request');
  }
  if (pathname.includes('\0')) return send(res, 400, 'Bad Request');

  // "/customer" without the slash: redirect, so that relative URLs in the page resolve.
  const bare = mounts.find((m) => `${pathname}/` === m.prefix);
  if (bare) {
    res.writeHead(301, { location: bare.prefix + search });
    return void res.end();
  }
  const mount = mounts.find((m) => pathname.startsWith(m.prefix));
  if (!mount) return send(res, 404, 'Not Found');

  let file = resolve(join(mount.dir, pathname.slice(mount.prefix.length)));
  // No way out of the root, whatever the path contains (.., encoded slashes, symlinks aside).
  if (file !== mount.dir && !file.startsWith(mount.dir + sep)) return send(res, 403, 'Forbidden');

  let stat = statOrUndefined(file);
  if (stat?.isDirectory()) {
    file = join(file, 'index.html');
    stat = statOrUndefined(file);
  }
  if (!stat?.isFile()) return send(res, 404, 'Not Found');

  res.writeHead(200, {
    'content-type': CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
    'content-length': stat.size,
    // Tests rebuild files between runs; never let the browser serve a stale copy.
    'cache-control': 'no-store',
  });
  if (req.method === 'HEAD') return void res.end();
  createReadStream(file).pipe(res);
}

function statOrUndefined(file: string): Stats | undefined {
  try {
    return statSync(file);
  } catch {
    return undefined;
  }
}

function send(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
  res.end(`${text}\n`);
}
