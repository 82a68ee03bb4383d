// ESLint 10 flat config: typescript-eslint's type-checked rules plus the import boundaries of
// docs/architecture.md. `npm run lint`; part of `npm run check`.
import js from '@eslint/js';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import { importX } from 'eslint-plugin-import-x';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** Every folder of src/ other than `except`, as import targets. */
const FOLDERS = ['domain', 'entities', 'db', 'ingest', 'schema', 'operations', 'export', 'http', 'jobs', 'dashboard'];
const ROOT_FILES = ['app.ts', 'main.ts', 'config.ts', 'paths.ts'];
const others = (...allowed) => [
  ...FOLDERS.filter((f) => !allowed.includes(f)).map((f) => `./src/${f}`),
  ...ROOT_FILES.filter((f) => !allowed.includes(f)).map((f) => `./src/${f}`),
];
const zone = (folder, allowed, message) => ({ target: `./src/${folder}`, from: others(folder, ...allowed), message });

/**
 * Who may import whom (docs/architecture.md, "Allowed imports"). Each zone lists, for one
 * folder, every src/ folder and root file it may NOT import. app.ts and main.ts are the
 * composition roots and may import everything; tests/, bench/ and scripts/ too.
 */
const BOUNDARIES = [
  zone('domain', [], 'src/domain is shared vocabulary: it imports nothing of ours.'),
  zone(
    'entities',
    ['domain'],
    'src/entities describe tables: they import nothing of ours but the vocabulary of src/domain.',
  ),
  zone(
    'operations',
    ['domain'],
    'src/operations holds the saved operations and their generated types: the API contract, shared by server and browser.',
  ),
  zone(
    'db',
    ['domain', 'entities', 'config.ts', 'paths.ts'],
    'src/db migrates, creates roles and opens pools: it never drives ingest or the API.',
  ),
  zone(
    'ingest',
    ['domain', 'entities', 'config.ts', 'paths.ts'],
    'src/ingest writes data: it knows nothing of the API, the server, jobs or how pools are opened.',
  ),
  zone(
    'schema',
    ['domain', 'entities', 'ingest', 'config.ts', 'paths.ts'],
    'src/schema is the GraphQL API: it never reaches into HTTP, jobs, the database setup or the browser app.',
  ),
  zone(
    'jobs',
    ['domain', 'entities', 'db', 'ingest', 'config.ts', 'paths.ts'],
    'src/jobs decides when ingest runs: no API or server code.',
  ),
  zone(
    'export',
    ['domain', 'schema', 'operations', 'config.ts', 'paths.ts'],
    'src/export runs the saved operations through the schema: no SQL, no ingest.',
  ),
  zone(
    'http',
    ['domain', 'schema', 'operations', 'export', 'ingest', 'config.ts', 'paths.ts'],
    'src/http serves the API: no database setup, jobs, entities or browser code.',
  ),
  {
    // The ETags and the response cache derive from the dataset version, whose one owner is ingest.
    target: './src/http',
    from: './src/ingest',
    except: ['./dataset-version.ts'],
    message: 'src/http may read the dataset version (src/ingest/dataset-version.ts) but no other ingest code.',
  },
  zone(
    'dashboard',
    ['domain', 'operations'],
    'src/dashboard runs in the browser: it imports only the saved operations and src/domain.',
  ),
];

export default tseslint.config(
  {
    // generated.ts is GraphQL Code Generator's output (npm run codegen; a test keeps it in sync).
    ignores: [
      'dist/**',
      'node_modules/**',
      'test-output/**',
      'bench/data/**',
      'coverage/**',
      '.jamfor/**',
      'src/operations/generated.ts',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: { ...globals.node },
    },
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: './tsconfig.json' })],
    },
    rules: {
      // STYLE.md: no floating promises (a fire-and-forget says so with `void`), no promise where
      // a callback returns void, no unused code, type-only imports marked as such.
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-import-type-side-effects': 'error',
      // A `default:` branch is an explicit choice for the cases it covers.
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
      // Off on purpose: an interface declared async (SourceAdapter.parse, Apollo's plugin hooks,
      // the request context) is implemented by `async` functions that happen not to await, so
      // that a thrown error still reaches the caller as a rejection (`expect(parse()).rejects`).
      '@typescript-eslint/require-await': 'off',
      'import-x/no-restricted-paths': ['error', { zones: BOUNDARIES }],
      'no-console': 'off',
    },
  },
  {
    // Tests and the benchmark walk GraphQL and JSON responses (`any` by nature) whose shape the
    // assertions, or the benchmark's correctness gate, check at run time; typing every response
    // by hand would copy the schema a third time. Everything else applies to them as to src/.
    files: ['tests/**/*.ts', 'bench/**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
  {
    // The browser app: DOM globals instead of node's.
    files: ['src/dashboard/**/*.mts'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    // Plain JS (the dashboard's esbuild script, this file): no type information to check against.
    files: ['**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
  },
);
