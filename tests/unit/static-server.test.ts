// @vitest-environment node
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStaticServer, type StaticServer } from '../harness/static-server';

/** A raw GET, so that the path reaches the server exactly as written (no URL normalisation). */
function get(port: number, path: string): Promise<{ status: number; type?: string; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: 'GET' }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => {
        const result: { status: number; type?: string; body: string } = {
          status: res.statusCode ?? 0,
          body,
        };
        const type = res.headers['content-type'];
        if (type) result.type = type;
        resolve(result);
      });
    });
    req.on('error', reject);
    req.end();
  });
}

describe('static test server', () => {
  let root: string;
  let server: StaticServer;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'callbridge-static-'));
    mkdirSync(join(root, 'site', 'dist'), { recursive: true });
    writeFileSync(join(root, 'site', 'index.html'), '<p>hi</p>');
    writeFileSync(join(root, 'site', 'dist', 'app.js'), 'let a = 1;');
    writeFileSync(join(root, 'secret.txt'), 'secret');
    server = await startStaticServer({ '/site': join(root, 'site') });
  });

  afterAll(async () => {
    await server.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('serves files with their content type and directories with index.html', async () => {
    expect(await get(server.port, '/site/dist/app.js')).toMatchObject({
      status: 200,
      type: 'text/javascript; charset=utf-8',
      body: 'let a = 1;',
    });
    expect(await get(server.port, '/site/')).toMatchObject({ status: 200, body: '<p>hi</p>' });
    expect((await get(server.port, '/site/missing.css')).status).toBe(404);
    expect((await get(server.port, '/elsewhere/')).status).toBe(404);
  });

  it('keeps the query string when it adds the trailing slash', async () => {
    const res = await new Promise<{ status: number; location?: string }>((resolve) => {
      request({ host: '127.0.0.1', port: server.port, path: '/site?x=1' }, (r) => {
        r.resume();
        resolve({ status: r.statusCode ?? 0, location: r.headers.location });
      }).end();
    });
    expect(res).toEqual({ status: 301, location: '/site/?x=1' });
  });

  it('never serves a file outside its root', async () => {
    for (const path of [
      '/site/../secret.txt',
      '/site/%2e%2e/secret.txt',
      '/site/..%2fsecret.txt',
    ]) {
      const res = await get(server.port, path);
      expect(res.status, path).toBeGreaterThanOrEqual(400);
      expect(res.body, path).not.toContain('secret');
    }
  });
});
