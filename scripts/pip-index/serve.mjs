// Serves a directory (the private package index build_wheels.py writes) over HTTP on 127.0.0.1, read-only:
// a directory answers with its index.html. Caching headers as PyPI sends them (files immutable, index pages
// for 10 minutes), so pip keeps its HTTP cache of the downloads as it does with PyPI: without them pip caches
// nothing and the pip-no-cache remedy would have nothing to remove. Node's standard library only.
//
//   node scripts/pip-index/serve.mjs DIR [PORT]      (foreground; PORT defaults to 3141)
//   import { serveIndex } from './serve.mjs'          (in-process: await serveIndex(dir, port) → http.Server)
//   import { spawnIndex } from './serve.mjs'          (tests, benchmarks: a child process → { close() })
import { createReadStream, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { join, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const TYPES = { '.html': 'text/html; charset=utf-8', '.whl': 'application/octet-stream' };

export function serveIndex(dir, port = 3141, host = '127.0.0.1') {
  const root = resolve(dir);
  const server = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname));
    let file = join(root, path);
    if (!file.startsWith(root)) return end(res, 403);
    try {
      if (statSync(file).isDirectory()) file = join(file, 'index.html');
      const size = statSync(file).size;
      const ext = file.slice(file.lastIndexOf('.'));
      const cache = ext === '.html' ? 'max-age=600, public' : 'max-age=365000000, immutable, public';
      res.writeHead(200, { 'content-type': TYPES[ext] ?? 'application/octet-stream', 'content-length': size, 'cache-control': cache });
      if (req.method === 'HEAD') return res.end();
      createReadStream(file).pipe(res);
    } catch {
      end(res, 404);
    }
  });
  return new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(port, host, () => ok(server));
  });
}

/**
 * The index served by a child process (tests, benchmarks): a caller that blocks in synchronous builds would never
 * answer pip if it served the index itself. Resolves once it answers; `close()` stops it.
 */
export async function spawnIndex(dir, port = 3141) {
  const { spawn } = await import('node:child_process');
  const child = spawn(process.execPath, [fileURLToPath(import.meta.url), dir, String(port)], { stdio: 'ignore' });
  const close = () => { child.kill(); };
  for (let i = 0; i < 100 && child.exitCode === null; i++) {
    if (await answers(port)) return { close };
    await new Promise((r) => setTimeout(r, 100));
  }
  close();
  throw new Error(`the pip index server did not answer on 127.0.0.1:${port}`);
}

/** Whether an index answers on 127.0.0.1:`port`. */
export async function answers(port = 3141) {
  try { return (await fetch(`http://127.0.0.1:${port}/simple/`, { signal: AbortSignal.timeout(2000) })).ok; } catch { return false; }
}

function end(res, status) {
  res.writeHead(status, { 'content-type': 'text/plain' });
  res.end(`${status}\n`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [dir, port] = process.argv.slice(2);
  if (!dir) {
    console.error('usage: node serve.mjs DIR [PORT]');
    process.exit(2);
  }
  const server = await serveIndex(dir, Number(port ?? 3141));
  console.log(`pip index: http://127.0.0.1:${server.address().port}/simple/ (serving ${resolve(dir)})`);
}
