// Helpers for the engine tier: the real Docker engine, never a mock.
import { execFileSync } from 'node:child_process';

export function docker(args: string[]): string {
  return execFileSync('docker', args, { encoding: 'utf8' }).trim();
}

/** Ids of containers carrying the run label (any state). */
export function containersWithLabel(label: string): string[] {
  return docker(['ps', '-aq', '--filter', `label=${label}`]).split('\n').filter(Boolean);
}

export function imagesWithLabel(label: string): string[] {
  return docker(['images', '-q', '--filter', `label=${label}`]).split('\n').filter(Boolean);
}
