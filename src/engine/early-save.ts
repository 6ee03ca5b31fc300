// `docker save` asked for before the command line's modules have loaded. dockerd prepares a whole save for seconds
// before its first byte, and loading `plan` (dockerode's transports among it) takes over half a second: for
// `dflab plan --image NAME` the entry point starts the save first, and the layer read takes the stream when it
// saves the same image. Only on the process's own engine over its unix socket (DOCKER_HOST unset or unix://):
// plain HTTP there needs nothing but node:http, so this module loads little else. An image the layer cache knows
// already is never saved: dockerd prepares a save to its end even when the client has gone, seconds of its work
// for nothing (measured: a plan of a known image took ~1 s longer beside such a save). A save nobody takes never
// holds the process open, and is closed once the read knows it needs none.
import { request, type IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import type { Readable } from 'node:stream';
import { isImageReference } from './image-ref.js';
import { defaultLayerCacheDir, LayerCache } from './layer-cache.js';

interface EarlySave { id: Promise<string | null>; response: Promise<IncomingMessage | null>; hold: () => void; close: () => void }

let pending: EarlySave | null = null;

/** The image `dflab plan … --image NAME` names, when the command is that and not a --help; else null. */
export function planImageArgument(argv: readonly string[]): string | null {
  if (argv[0] !== 'plan') return null;
  let image: string | null = null;
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') break;
    if (a === '--help' || a === '-h') return null;
    if (a === '--image') image = argv[i + 1] ?? null;
    else if (a.startsWith('--image=')) image = a.slice('--image='.length);
  }
  return image !== null && isImageReference(image) ? image : null;
}

/** The own engine's unix socket (what dockerode's default client dials), or null for any other kind of host. */
export function ownEngineSocket(env: NodeJS.ProcessEnv): string | null {
  const host = env['DOCKER_HOST'];
  if (!host) return '/var/run/docker.sock';
  return host.startsWith('unix://') ? host.slice('unix://'.length) : null;
}

/** Starts inspecting and saving the image a `plan --image` names; a no-op for any other command line. */
export function requestSaveEarly(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): void {
  const image = planImageArgument(argv);
  const socketPath = ownEngineSocket(env);
  if (image === null || socketPath === null) return;
  const requests = new Set<ReturnType<typeof request>>();
  const sockets = new Set<Socket>();
  let held = false;
  const get = (path: string) => new Promise<IncomingMessage | null>((resolve) => {
    // A socket of its own (no agent), unref'd: an untaken save must not keep the process alive.
    const req = request({ socketPath, path, agent: false }, resolve);
    requests.add(req);
    req.on('socket', (s) => { sockets.add(s); if (!held) s.unref(); });
    req.on('error', () => resolve(null));
    req.end();
  });
  const inspected = get(`/images/${image}/json`).then(async (res) => {
    if (res?.statusCode !== 200) { res?.resume(); return null; }
    const chunks: Buffer[] = [];
    for await (const c of res) chunks.push(c as Buffer);
    const parsed = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { Id?: unknown; RootFS?: { Layers?: unknown } };
    const layers = Array.isArray(parsed.RootFS?.Layers) ? parsed.RootFS.Layers.filter((l): l is string => typeof l === 'string') : [];
    return typeof parsed.Id === 'string' ? { id: parsed.Id, layers } : null;
  }).catch(() => null);
  const id = inspected.then((x) => x?.id ?? null);
  const response = inspected.then(async (x) => {
    if (x === null || await new LayerCache(defaultLayerCacheDir(env)).image(x.id, x.layers).catch(() => null)) return null;
    return get(`/images/${x.id}/get`);
  });
  pending = {
    id, response,
    hold: () => { held = true; for (const s of sockets) s.ref(); },
    close: () => { for (const r of requests) r.destroy(); },
  };
}

/** The early save of image `id`, if one was asked for and dockerd answered it; the caller reads it to the end. */
export async function takeEarlySave(id: string): Promise<Readable | null> {
  const early = pending;
  pending = null;
  if (!early) return null;
  early.hold(); // awaited now: the process waits for these sockets like for any other read
  const res = (await early.id) === id ? await early.response : null;
  if (res?.statusCode !== 200) { early.close(); return null; }
  return res;
}

/** Closes an early save no read will take: the connection goes (dockerd may still finish preparing it, see above). */
export function dropEarlySave(): void {
  pending?.close();
  pending = null;
}
