import { existsSync } from 'node:fs';
import path from 'node:path';

/** The folder holding package.json, found from this file whether it runs from src/ or dist/src/. */
function findProjectRoot(start: string): string {
  let dir = start;
  while (!existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`package.json not found above ${start}`);
    dir = parent;
  }
  return dir;
}

export const PROJECT_ROOT = findProjectRoot(__dirname);
export const DATA_DIR = path.join(PROJECT_ROOT, 'data');
export const REFERENCE_DIR = path.join(DATA_DIR, 'reference');
export const SAMPLES_DIR = path.join(DATA_DIR, 'samples');
