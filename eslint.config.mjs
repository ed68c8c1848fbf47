import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.vscode-test/**', 'test-results/**', 'syntaxes/tests/**', 'bench/run.bundle.js'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      eqeqeq: ['error', 'always'],
      // Protocol text is matched on control characters on purpose (NUL in AUTH PLAIN, ^A in XOAUTH2).
      'no-control-regex': 'off',
    },
  },
  {
    // The service is pure: no connection, no file system, no network.
    files: ['server/src/service/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['vscode-languageserver', 'vscode-languageserver/*', 'node:*', 'fs', 'path', 'child_process', 'http', 'https', 'net'] }],
    },
  },
  {
    files: ['**/*.mjs', '**/*.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly' } },
  },
);
