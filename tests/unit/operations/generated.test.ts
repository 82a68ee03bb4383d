import { readFileSync } from 'node:fs';
import path from 'node:path';
import { generate } from '@graphql-codegen/cli';
import { format, resolveConfig } from 'prettier';
import { describe, expect, it } from 'vitest';
import config from '../../../codegen.js';
import { PROJECT_ROOT } from '../../../src/paths.js';

const GENERATED = path.join(PROJECT_ROOT, 'src', 'operations', 'generated.ts');

describe('generated operation types', () => {
  it('match schema.graphql and src/operations/*.graphql (run `npm run codegen` after changing either)', async () => {
    const outputs = (await generate({ ...config, cwd: PROJECT_ROOT, silent: true }, false)) as {
      filename: string;
      content: string;
    }[];
    const output = outputs.find((o) => path.resolve(PROJECT_ROOT, o.filename) === GENERATED);
    expect(output).toBeDefined();
    const formatted = await format(output!.content, { ...(await resolveConfig(GENERATED)), filepath: GENERATED });
    expect(formatted).toBe(readFileSync(GENERATED, 'utf8'));
  }, 60_000);
});
