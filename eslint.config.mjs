import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'data/**', 'coverage/**', '*.js', '*.mjs', 'test/support/*.js'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'Read configuration through the config module.' },
      ],
    },
  },
  {
    files: [
      'apps/kios/src/main.ts',
      '**/config/**',
      '**/test/**',
      '**/*.spec.ts',
      'test/**',
      'bench/**',
      'apps/dana-sim/**',
      'apps/supplier-sim/**',
      'apps/kios-cli/**',
      'libs/testing/**',
    ],
    rules: { 'no-restricted-properties': 'off' },
  },
);
