// Lint rules that keep the house rules (STYLE.md) checked by a tool, not by memory.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';
import globals from 'globals';

export default tseslint.config(
  {
    ignores: [
      '.scratch/',
      'node_modules/',
      '.output/',
      '.wxt/',
      'artifacts/',
      '**/fixtures/**',
      'tests/customer/dist/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    languageOptions: {
      globals: { ...globals.browser, ...globals.node, ...globals.webextensions },
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      // Only lib/sip/softphone.ts talks to JsSIP: the rest of the code sees our own call model.
      'no-restricted-imports': [
        'error',
        { paths: [{ name: 'jssip', message: 'Only lib/sip/softphone.ts imports jssip.' }] },
      ],
      // Only lib/dom/ creates MutationObservers, so every observer is tied to one lifecycle.
      'no-restricted-syntax': [
        'error',
        {
          selector: "NewExpression[callee.name='MutationObserver']",
          message: 'Create observers through lib/dom/, tied to the content-script lifecycle.',
        },
        {
          selector: "MemberExpression[property.name='storage'][object.name=/^(browser|chrome)$/]",
          message: 'Declare storage items once in lib/storage/items.ts and use them.',
        },
      ],
    },
  },
  {
    files: ['lib/sip/softphone.ts', 'tests/customer/**'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['lib/dom/**', 'lib/storage/**', 'tests/**'],
    rules: { 'no-restricted-syntax': 'off' },
  },
  {
    // Content scripts run inside CRM pages: they never see the SIP account or its password.
    files: ['adapters/**', 'entrypoints/*.content.ts', 'entrypoints/*.content/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'jssip', message: 'Only lib/sip/softphone.ts imports jssip.' }],
          patterns: [
            {
              group: ['**/lib/storage/items', '@/lib/storage/items', '**/lib/sip/*'],
              message: 'Content scripts reach the phone through lib/messaging only.',
            },
          ],
        },
      ],
    },
  },
);
