// Lint rules that catch defects, not style: prettier owns layout, and eslint-config-prettier (last)
// turns off every rule that would disagree with it.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import { defineConfig, globalIgnores } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default defineConfig(
  globalIgnores(['dist/', 'results/', 'node_modules/', 'test/fixtures/']),
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    languageOptions: { globals: globals.node },
    rules: {
      eqeqeq: ['error', 'always'],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          caughtErrorsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_',
          ignoreRestSiblings: true,
        },
      ],
    },
  },
  {
    // Named exports only (the house style): a default export is renamed freely at each import.
    // Config files are exempt, since their tools read the default export.
    files: ['src/**', 'test/**', 'scripts/**'],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: 'ExportDefaultDeclaration', message: 'Use a named export.' },
        { selector: "ExportSpecifier[exported.name='default']", message: 'Use a named export.' },
      ],
    },
  },
  {
    // piscina runs a worker file's default export.
    files: ['src/pool/worker.ts', 'src/consensus/worker.ts'],
    rules: { 'no-restricted-syntax': 'off' },
  },
  prettier,
);
