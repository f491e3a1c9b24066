// One lint setup for the monorepo. Besides the usual TypeScript rules it enforces the layer order
// of docs/architecture.md: core ← store, protocols ← server ← cli; web talks to the server only
// over HTTP. Each package may import only the packages listed for it below.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const layers = {
  core: [],
  protocols: ['core'],
  store: ['core'],
  simulator: ['core', 'protocols'],
  server: ['core', 'protocols', 'store'],
  cli: ['core', 'protocols', 'store', 'server', 'simulator'],
  web: [],
};
const all = Object.keys(layers);

const layerRules = Object.entries(layers).map(([pkg, allowed]) => ({
  files: [`packages/${pkg}/**/*.{ts,tsx}`],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: [
          ...all
            .filter((p) => p !== pkg && !allowed.includes(p))
            .map((p) => ({
              group: [`@meterflow/${p}`, `@meterflow/${p}/*`, `**/packages/${p}/**`, `../../${p}/**`],
              message: `packages/${pkg} may not import packages/${p}: see the layer order in docs/architecture.md`,
            })),
        ],
      },
    ],
  },
}));

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', 'data/**', '.tmp/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { console: 'readonly', process: 'readonly', URL: 'readonly', Buffer: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    // Production code of core only; its tests and benchmarks may time themselves and read the env.
    files: ['packages/core/src/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-globals': [
        'error',
        { name: 'process', message: 'core may not read process: pass configuration in' },
      ],
      'no-restricted-properties': [
        'error',
        { object: 'Date', property: 'now', message: 'core may not read the clock: inject a Clock' },
        { object: 'Math', property: 'random', message: 'core may not use randomness: inject a seeded generator' },
      ],
    },
  },
  ...layerRules,
  {
    files: ['**/*.{js,mjs}'],
    languageOptions: { globals: { console: 'readonly', process: 'readonly', URL: 'readonly' } },
  },
);
