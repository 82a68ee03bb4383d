import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../../src/paths.js';
import { printJamforSchema } from '../../../src/schema/build-schema.js';

describe('committed SDL', () => {
  it('matches the schema the code builds (run `npm run schema:emit` after a schema change)', async () => {
    const committed = readFileSync(path.join(PROJECT_ROOT, 'schema.graphql'), 'utf8');
    expect(await printJamforSchema()).toBe(committed);
  });
});
