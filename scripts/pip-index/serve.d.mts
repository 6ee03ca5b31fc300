// Types for serve.mjs, so the e2e tests that start the index are type-checked (tsconfig.test.json).
import type { Server } from 'node:http';

/** Serves `dir` read-only on host:port; resolves once it listens. */
export function serveIndex(dir: string, port?: number, host?: string): Promise<Server>;
