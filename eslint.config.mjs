// ESLint flat config: the ecosystem's usual recommended sets, with prettier owning the layout.
//   @eslint/js recommended + typescript-eslint recommended (not the type-checked set: that builds a
//   TypeScript program per tsconfig and would make the lint step of `npm test` many times slower)
//   + eslint-config-prettier last, so that no rule argues with `prettier --check`.
// Tuned only where the code has a reason, each said below.
import js from "@eslint/js";
import prettier from "eslint-config-prettier";
import { defineConfig } from "eslint/config";
import globals from "globals";
import tseslint from "typescript-eslint";

export default defineConfig(
  {
    // Build output, installs, run-time state and measurements (as in .gitignore / .prettierignore).
    ignores: ["**/dist/", "**/node_modules/", ".tmp/", ".pulumi-state/", "coverage/", "bench/results/"],
  },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    languageOptions: {
      ecmaVersion: 2022,
      // Everything here runs on Node: provider, emulator, policy pack, scripts, tests (jest's
      // globals come from @types/jest for TypeScript, and no .js file uses them).
      globals: { ...globals.node },
    },
    linterOptions: { reportUnusedDisableDirectives: "error" },
    rules: {
      // `import x = require("m")` is TypeScript's static import of an `export =` module (such as
      // @alicloud/pop-core), checked by tsc like any import; only run-time `require()` calls are
      // reported, and the deliberate ones (lazy or ordered loads) carry a disable comment saying why.
      "@typescript-eslint/no-require-imports": ["error", { allowAsImport: true }],
      // A leading `_` marks a parameter, binding or caught error that is deliberately unused
      // (positional callback arguments, destructuring that drops a field).
      "@typescript-eslint/no-unused-vars": [
        "error",
        {
          args: "after-used",
          argsIgnorePattern: "^_",
          varsIgnorePattern: "^_",
          caughtErrorsIgnorePattern: "^_",
          destructuredArrayIgnorePattern: "^_",
          ignoreRestSiblings: true,
        },
      ],
      // In shipped code an `any` sits at an untyped boundary (the RPC SDK's responses, Pulumi's
      // dynamic-provider inputs and outputs, the policy SDK's internals) and is narrowed (zod)
      // right after: a warning keeps each one visible in review without failing `npm test`.
      "@typescript-eslint/no-explicit-any": "warn",
    },
  },
  {
    // Tests and benchmarks read JSON (stack state, journals, API bodies) whose shape the
    // assertions themselves check; typing each read would add casts, not safety.
    files: ["test/**", "policy-pack/test/**", "bench/**"],
    rules: { "@typescript-eslint/no-explicit-any": "off" },
  },
  {
    // CommonJS scripts: `require` is how they load modules, and a top-level
    // `const crypto = require("crypto")` is module-scoped, deliberately shadowing the
    // WebCrypto/perf_hooks globals with Node's own modules.
    files: ["**/*.js", "**/*.cjs"],
    languageOptions: { sourceType: "commonjs" },
    rules: {
      "@typescript-eslint/no-require-imports": "off",
      "no-redeclare": ["error", { builtinGlobals: false }],
    },
  },
  prettier,
);
