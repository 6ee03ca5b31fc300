// Types for serve.mjs, so the e2e tests that start the index are type-checked (tsconfig.test.json).
import type { Server } from 'node:http';

/** Serves `dir` read-only on host:port; resolves once it listens. */
export function serveIndex(dir: string, port?: number, host?: string): Promise<Server>;

/** Serves `dir` from a child process; resolves once it answers. */
export function spawnIndex(dir: string, port?: number): Promise<{ close(): void }>;

/** Whether an index answers on 127.0.0.1:port. */
export function answers(port?: number): Promise<boolean>;
