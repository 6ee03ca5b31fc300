// The files GitHub Actions hands a step: $GITHUB_OUTPUT (name=value lines, or the name<<DELIMITER form for
// values with newlines), $GITHUB_EVENT_PATH (the webhook payload) and the run's identity in the environment.
// Pure formatting and reading; main.ts appends and reads the files.
import { randomUUID } from 'node:crypto';

export type Outputs = Record<string, string>;

/** $GITHUB_OUTPUT lines for `outputs`; `delimiter` (random by default, as @actions/core does) must not occur in a value. */
export function formatOutputs(outputs: Outputs, delimiter = `ghadelimiter_${randomUUID()}`): string {
  return Object.entries(outputs).map(([name, value]) => {
    if (!value.includes('\n') && !value.includes('\r')) return `${name}=${value}\n`;
    if (value.includes(delimiter)) throw new Error(`output ${name} contains its delimiter ${delimiter}`);
    return `${name}<<${delimiter}\n${value}\n${delimiter}\n`;
  }).join('');
}

/** Reads $GITHUB_OUTPUT text back (both forms), for tests and for checking what was written. */
export function parseOutputs(text: string): Outputs {
  const out: Outputs = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const end = lines.indexOf(heredoc[2]!, i + 1);
      if (end < 0) throw new Error(`output ${heredoc[1]}: no closing ${heredoc[2]}`);
      out[heredoc[1]!] = lines.slice(i + 1, end).join('\n');
      i = end;
    } else if (line.includes('=')) {
      out[line.slice(0, line.indexOf('='))] = line.slice(line.indexOf('=') + 1);
    }
  }
  return out;
}

export interface PullRequestEvent {
  /** The PR's number; null outside a pull_request event. */
  number: number | null;
  /** The commit measured: the PR's head, else GITHUB_SHA. */
  sha: string | null;
}

/** What the comment needs from the event payload (`eventJson`: $GITHUB_EVENT_PATH's text, or null). */
export function readEvent(eventJson: string | null, env: NodeJS.ProcessEnv): PullRequestEvent {
  let payload: { pull_request?: { number?: unknown; head?: { sha?: unknown } } } = {};
  if (eventJson) {
    try {
      payload = JSON.parse(eventJson) as typeof payload;
    } catch {
      payload = {};
    }
  }
  const pr = payload.pull_request;
  const number = typeof pr?.number === 'number' ? pr.number : null;
  const head = typeof pr?.head?.sha === 'string' ? pr.head.sha : null;
  return { number, sha: head ?? env['GITHUB_SHA'] ?? null };
}

/** The workflow run's page, where its artifacts are listed; null outside Actions. */
export function runUrl(env: NodeJS.ProcessEnv): string | null {
  const [server, repo, id] = [env['GITHUB_SERVER_URL'], env['GITHUB_REPOSITORY'], env['GITHUB_RUN_ID']];
  return server && repo && id ? `${server}/${repo}/actions/runs/${id}` : null;
}
