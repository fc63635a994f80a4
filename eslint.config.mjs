import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import boundaries from 'eslint-plugin-boundaries';
import tseslint from 'typescript-eslint';

/**
 * DESIGN.md §3's layers, bottom to top; a lib imports only from its own layer or below (no cycles within a
 * layer: scripts/check-import-cycles.js). Apps sit above them all.
 */
const LAYERS = [
  { name: 'foundation', libs: ['config', 'database', 'common'] },
  { name: 'infrastructure', libs: ['outbox', 'mail', 'audit', 'queue', 'runtime', 'seed'] },
  { name: 'identity and reference data', libs: ['auth', 'taxonomy'] },
  {
    name: 'domain',
    libs: ['organisations', 'working-groups', 'discussions', 'notifications', 'realtime', 'documents', 'events', 'consultations', 'search', 'audit-log'],
  },
];
const anyOf = (names) => `{${names.join(',')}}`;
const unlayered = readdirSync(resolve(import.meta.dirname, 'libs')).filter((lib) => lib !== 'testing' && !LAYERS.some((layer) => layer.libs.includes(lib)));
if (unlayered.length) throw new Error(`eslint.config.mjs: put libs/${unlayered.join(', libs/')} in one of LAYERS (DESIGN.md §3)`);
const layerPolicies = LAYERS.slice(0, -1).map((layer, index) => ({
  from: { element: { type: 'lib', captured: { name: anyOf(layer.libs) } } },
  disallow: { to: { element: { type: 'lib', captured: { name: anyOf(LAYERS.slice(index + 1).flatMap((above) => above.libs)) } } } },
  message: `{{ from.element.captured.name }} is in the ${layer.name} layer and never imports {{ to.element.captured.name }}, a layer above it: declare a port (an interface token) that the higher lib provides, or move the shared piece down.`,
}));

/** Specs and the test kit (which boots the api's bootstrap()) are exempt from the import boundaries. */
const EXEMPT_FROM_BOUNDARIES = ['**/*.spec.ts', '**/*.e2e-spec.ts', 'libs/testing/**'];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.data/**', 'coverage/**', '**/*.js', '**/*.mjs'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'off',
      'no-restricted-syntax': [
        'error',
        { selector: "CallExpression[callee.object.name=/^(it|describe|test)$/][callee.property.name='only']", message: 'No focused tests.' },
      ],
    },
  },
  {
    // Import boundaries (DESIGN.md §3). Cycles between libs and files: scripts/check-import-cycles.js (npm run lint).
    files: ['apps/**/*.ts', 'libs/**/*.ts'],
    ignores: EXEMPT_FROM_BOUNDARIES,
    plugins: { boundaries },
    settings: {
      'import/resolver': { [resolve(import.meta.dirname, 'scripts/eslint-import-resolver-meridian.js')]: {} },
      'boundaries/elements': [
        { type: 'app', pattern: 'apps/*', capture: ['name'] },
        { type: 'lib', pattern: 'libs/*', capture: ['name'] },
      ],
      'boundaries/ignore': EXEMPT_FROM_BOUNDARIES,
    },
    rules: {
      'boundaries/dependencies': [
        'error',
        {
          default: 'allow',
          policies: [
            {
              from: { element: { type: 'lib' } },
              disallow: { to: { element: { type: 'app' } } },
              message: 'A lib never imports an app: move what both need into a lib.',
            },
            {
              from: { element: { type: 'app' } },
              disallow: { to: { element: { type: 'app', captured: { name: '!{{ from.element.captured.name }}' } } } },
              message: 'An app never imports another app: move what both need into a lib.',
            },
            ...layerPolicies,
            {
              from: { element: { types: { anyOf: ['app', 'lib'] } } },
              disallow: { to: { element: { type: 'lib', fileInternalPath: '!src/index.ts' } } },
              message: 'Import another lib through its barrel (@meridian/{{ to.element.captured.name }}), never its internals.',
            },
          ],
        },
      ],
    },
  },
);
