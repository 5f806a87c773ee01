import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import numerek from './eslint/import-cycles.js';

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', 'data/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    plugins: { numerek },
    rules: {
      'numerek/no-import-cycle': 'error',
      // The realtime gateway is the only place that knows socket.io (tests may start their own server).
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^socket\\.io(/|$)',
              message: 'Only server/src/realtime/ may use socket.io: publish a domain event instead.',
            },
          ],
        },
      ],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': [
        'error',
        { selector: 'TSEnumDeclaration', message: 'Use an `as const` object and a union instead of enum.' },
      ],
    },
  },
  {
    // The print agent's own tests stand in for the server with a scripted socket.io server.
    files: ['server/src/realtime/**', 'tests/**', 'print-agent/src/**/*.test.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['**/*.test.ts'],
    rules: {
      'no-restricted-properties': [
        'error',
        { object: 'it', property: 'only' },
        { object: 'describe', property: 'only' },
      ],
    },
  },
);
