// Pure parsing of `docker buildx build --progress=rawjson`: a stream of concatenated (pretty-printed)
// SolveStatus JSON objects on stderr, possibly followed by plain-text error lines.
import { createHash } from 'node:crypto';

export interface RawVertex {
  digest: string;
  inputs?: string[];
  name?: string;
  started?: string;
  completed?: string;
  cached?: boolean;
  error?: string;
}
export interface RawLog { vertex: string; stream?: number; data?: string; timestamp?: string }
export interface SolveStatus { vertexes?: RawVertex[]; statuses?: unknown[]; logs?: RawLog[]; warnings?: unknown[] }

/** Splits a character stream into top-level JSON object texts; text outside objects is kept apart. */
export class JsonObjectSplitter {
  private buf = '';
  private depth = 0;
  private inString = false;
  private escaped = false;
  private plain = '';

  /** Feeds a chunk; returns the objects completed by it. */
  push(chunk: string): string[] {
    const out: string[] = [];
    for (const ch of chunk) {
      if (this.depth === 0) {
        if (ch === '{') { this.depth = 1; this.buf = '{'; } else { this.plain += ch; }
        continue;
      }
      this.buf += ch;
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (ch === '\\') this.escaped = true;
        else if (ch === '"') this.inString = false;
      } else if (ch === '"') this.inString = true;
      else if (ch === '{') this.depth++;
      else if (ch === '}' && --this.depth === 0) { out.push(this.buf); this.buf = ''; }
    }
    return out;
  }

  /** Text that was not part of any JSON object (buildx prints its final error this way). */
  plainText(): string { return this.plain; }
}

/**
 * The status with `redact` applied to every text a secret could show in: vertex names and errors (BuildKit
 * expands build args in step names), status names, warnings, and the base64 log data (decoded, redacted and
 * encoded again). A secret split across two log messages is not caught.
 */
export function redactStatus(status: SolveStatus, redact: (text: string) => string): SolveStatus {
  const deep = (value: unknown): unknown => {
    if (typeof value === 'string') return redact(value);
    if (Array.isArray(value)) return value.map(deep);
    if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, deep(v)]));
    return value;
  };
  const b64 = (data: string) => Buffer.from(redact(Buffer.from(data, 'base64').toString('utf8')), 'utf8').toString('base64');
  return {
    ...status,
    ...(status.vertexes ? { vertexes: status.vertexes.map((v) => deep(v) as RawVertex) } : {}),
    ...(status.statuses ? { statuses: status.statuses.map(deep) } : {}),
    ...(status.warnings ? { warnings: (status.warnings as Record<string, unknown>[]).map((w) => ({ ...(deep(w) as object),
      ...(typeof w?.['short'] === 'string' ? { short: b64(w['short']) } : {}),
      ...(Array.isArray(w?.['detail']) ? { detail: (w['detail'] as unknown[]).map((d) => (typeof d === 'string' ? b64(d) : d)) } : {}) })) } : {}),
    ...(status.logs ? { logs: status.logs.map((l) => (l.data ? { ...l, data: b64(l.data) } : l)) } : {}),
  };
}

export function parseRawJson(text: string): SolveStatus[] {
  const splitter = new JsonObjectSplitter();
  return splitter.push(text).flatMap((t) => {
    try { return [JSON.parse(t) as SolveStatus]; } catch { return []; }
  });
}

export interface StepTiming {
  digest: string;
  /**
   * Identity of the step across builds: a hash of its name (without the "[k/n]" position) and of its
   * inputs' keys. Vertex digests are not stable across invocations (the context source carries a
   * per-session id), so durations are attributed by this key instead.
   */
  key: string;
  name: string;
  startedAt: string | null;
  completedAt: string | null;
  /** Union of the vertex's [started, completed] intervals, in seconds. */
  seconds: number;
  cached: boolean;
  error: string | null;
  /**
   * Seconds of the step before its first log line and after its last: the tool's start-up before it printed anything,
   * and its exit and BuildKit's commit after. Set only for a step that ran once and logged; an installer's fixed cost.
   */
  quietSeconds?: number;
}

interface VertexState {
  name: string; inputs: string[]; cached: boolean; error: string | null; intervals: Map<string, string | null>;
  /** Earliest and latest log timestamps (ms since the epoch). */
  logs: { first: number; last: number } | null;
}

const LOG_TAIL_LINES = 20;

/** Accumulates SolveStatus objects: vertices keyed by digest (latest fields win), bounded log tails. */
export class BuildProgress {
  private vertices = new Map<string, VertexState>();
  private logTails = new Map<string, { lines: string[]; partial: string }>();

  add(status: SolveStatus): void {
    for (const v of status.vertexes ?? []) this.addVertex(v);
    for (const log of status.logs ?? []) this.addLog(log);
  }

  private addVertex(v: RawVertex): void {
    const state = this.vertices.get(v.digest) ?? { name: '', inputs: [], cached: false, error: null, intervals: new Map(), logs: null };
    if (v.name) state.name = v.name;
    if (v.inputs) state.inputs = v.inputs;
    if (v.cached) state.cached = true;
    if (v.error) state.error = v.error;
    // A vertex re-sent with the same start refines its completion; a new start is a new interval.
    if (v.started) state.intervals.set(v.started, v.completed ?? state.intervals.get(v.started) ?? null);
    this.vertices.set(v.digest, state);
  }

  private addLog(log: RawLog): void {
    if (!log.data) return;
    const at = log.timestamp ? Date.parse(log.timestamp) : NaN;
    const vertex = this.vertices.get(log.vertex);
    if (vertex && Number.isFinite(at)) {
      vertex.logs = vertex.logs ? { first: Math.min(vertex.logs.first, at), last: Math.max(vertex.logs.last, at) } : { first: at, last: at };
    }
    const tail = this.logTails.get(log.vertex) ?? { lines: [], partial: '' };
    const text = tail.partial + Buffer.from(log.data, 'base64').toString('utf8');
    const parts = text.split(/\r?\n/);
    tail.partial = parts.pop() ?? '';
    tail.lines.push(...parts);
    if (tail.lines.length > LOG_TAIL_LINES) tail.lines.splice(0, tail.lines.length - LOG_TAIL_LINES);
    this.logTails.set(log.vertex, tail);
  }

  steps(): StepTiming[] {
    return [...this.vertices.entries()].map(([digest, s]) => {
      const spans = [...s.intervals.entries()]
        .filter((e): e is [string, string] => e[1] !== null)
        .map(([a, b]) => [Date.parse(a), Date.parse(b)] as const);
      const starts = [...s.intervals.keys()].sort();
      const ends = spans.map(([, b]) => b);
      const seconds = unionSeconds(spans);
      return {
        digest,
        key: this.stableKey(digest, new Set()),
        name: s.name,
        startedAt: starts[0] ?? null,
        completedAt: ends.length ? new Date(Math.max(...ends)).toISOString() : null,
        seconds,
        cached: s.cached,
        error: s.error,
        ...quiet(spans, s.logs, seconds),
      };
    }).sort((a, b) => (a.startedAt ?? '').localeCompare(b.startedAt ?? ''));
  }

  private stableKey(digest: string, visiting: Set<string>): string {
    const v = this.vertices.get(digest);
    if (!v || visiting.has(digest)) return digest;
    visiting.add(digest);
    // "[stage-1 4/9] COPY . ." → "COPY . .": stage names and positions differ between variants of one step.
    const name = v.name.replace(/^\[[^\]]*\d+\/\d+\]\s*/, '');
    const inputs = v.inputs.map((i) => this.stableKey(i, visiting)).join(',');
    visiting.delete(digest);
    return createHash('sha256').update(`${name}\n${inputs}`).digest('hex').slice(0, 32);
  }

  /** Last lines logged by a vertex (at most 20). */
  logTail(digest: string): string[] {
    const tail = this.logTails.get(digest);
    if (!tail) return [];
    return tail.partial ? [...tail.lines, tail.partial].slice(-LOG_TAIL_LINES) : [...tail.lines];
  }
}

/** quietSeconds of a step that ran in one interval and logged inside it; nothing otherwise. */
function quiet(spans: readonly (readonly [number, number])[], logs: VertexState['logs'], seconds: number): { quietSeconds?: number } {
  if (spans.length !== 1 || !logs) return {};
  const [start, end] = spans[0]!;
  if (logs.first < start || logs.last > end) return {};
  return { quietSeconds: Math.min(seconds, ((logs.first - start) + (end - logs.last)) / 1000) };
}

function unionSeconds(spans: (readonly [number, number])[]): number {
  const sorted = [...spans].sort((a, b) => a[0] - b[0]);
  let total = 0;
  let curStart = -Infinity;
  let curEnd = -Infinity;
  for (const [a, b] of sorted) {
    if (a > curEnd) { if (curEnd > curStart) total += curEnd - curStart; curStart = a; curEnd = b; }
    else curEnd = Math.max(curEnd, b);
  }
  if (curEnd > curStart) total += curEnd - curStart;
  return total / 1000;
}

/** Dockerfile steps are named "[stage k/n] INSTR …"; "[internal] …", exporting etc. are overhead. */
export function isDockerfileStep(name: string): boolean {
  return /^\[[^\]]*\d+\/\d+\]/.test(name);
}
