import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    globalSetup: ['tests/helpers/global-setup.ts'],
    setupFiles: ['tests/helpers/setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    server: {
      deps: {
        // One copy of graphql for everyone: without this, type-graphql (CJS) and Apollo (ESM)
        // load graphql's CJS and ESM builds side by side ("from another module or realm").
        inline: [
          'type-graphql',
          '@apollo/server',
          'graphql',
          'graphql-scalars',
          'graphql-query-complexity',
          'graphql-jit',
        ],
      },
    },
    reporters: ['default'],
  },
});
