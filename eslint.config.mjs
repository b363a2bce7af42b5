// One linter for src and test; type-aware so floating promises are caught.
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', '.host-test/**', 'webpack.config.js'] },
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      // Core modules must stay free of editor and cloud dependencies.
      'no-restricted-imports': 'off',
    },
  },
  {
    // Plain CommonJS tools: no type information, require() is fine.
    files: ['scripts/**/*.js'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: { sourceType: 'commonjs', parserOptions: { projectService: false } },
    rules: {
      ...tseslint.configs.disableTypeChecked.rules,
      '@typescript-eslint/no-require-imports': 'off',
    },
  },
  {
    // Tests handle untyped JSON and command arguments on purpose; floating promises still fail.
    files: ['test/**/*.ts', 'bench/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['vscode'], message: 'src/core is pure: no vscode import.' },
            { group: ['@aws-sdk/*', '@smithy/*'], message: 'src/core is pure: no AWS import.' },
            { group: ['../vscode/*', '../aws/*', '../cli/*'], message: 'src/core must not depend on adapters.' },
          ],
        },
      ],
    },
  },
);
