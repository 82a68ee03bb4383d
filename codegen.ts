import type { CodegenConfig } from '@graphql-codegen/cli';

/**
 * `npm run codegen`: TypeScript types for the saved operations (src/operations/*.graphql)
 * from the committed SDL. The documents are emitted as strings typed with their result and
 * variables, so the page and the server send exactly the text in the .graphql files.
 * tests/unit/operations/generated.test.ts fails when the output is out of date.
 */
const config: CodegenConfig = {
  schema: 'schema.graphql',
  documents: ['src/operations/*.graphql'],
  hooks: { afterAllFileWrite: ['prettier --write'] },
  generates: {
    'src/operations/generated.ts': {
      plugins: ['typescript-operations', 'typed-document-node'],
      config: {
        documentMode: 'string',
        enumsAsTypes: true,
        useTypeImports: true,
        avoidOptionals: { field: true, inputValue: false, object: true, defaultValue: false },
        scalars: { DateTimeISO: 'string', DateTime: 'string' },
      },
    },
  },
};

export default config;
