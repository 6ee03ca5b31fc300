// dflab's own version, as package.json gives it (`dflab --version`, SARIF's tool.driver.version). Read once, at the
// first ask: the package file is one folder up from both src/ and dist/.
import { readFileSync } from 'node:fs';

let version: string | undefined;

export function dflabVersion(): string {
  if (version === undefined) {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version?: unknown };
    version = typeof pkg.version === 'string' ? pkg.version : 'unknown';
  }
  return version;
}
