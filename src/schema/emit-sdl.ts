import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../paths.js';
import { printJamforSchema } from './build-schema.js';

/** Writes schema.graphql, the committed SDL that reviews see change (a test keeps it in sync). */
void printJamforSchema().then((sdl) => {
  const file = path.join(PROJECT_ROOT, 'schema.graphql');
  writeFileSync(file, sdl);
  console.log(`wrote ${file}`);
});
