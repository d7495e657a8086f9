// Lint: TypeScript's recommended rules, React hooks, accessibility (jsx-a11y), and the house rules that keep the
// architecture honest (no process.env outside the validated env, no direct body reading, no db in routes).
import js from "@eslint/js";
import jsxA11y from "eslint-plugin-jsx-a11y";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";

export default tseslint.config(
  {
    ignores: [
      "build/**",
      "node_modules/**",
      "public/**",
      "tests/.tmp*/**",
      "tests/.reports/**",
      "test-results/**",
      "playwright-report/**",
      "data/**",
      "bench/floor/build/**",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  jsxA11y.flatConfigs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    plugins: { "react-hooks": reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      "@typescript-eslint/no-explicit-any": "off",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" }],
    },
  },
  {
    files: ["app/**/*.{ts,tsx}"],
    ignores: ["app/**/*.test.{ts,tsx}"],
    rules: {
      "no-restricted-properties": ["error", { object: "process", property: "env", message: "Read settings from env.server (validated once)." }],
      "no-restricted-syntax": [
        "error",
        {
          selector: "CallExpression[callee.property.name='formData'][callee.object.name='request']",
          message: "Read bodies with readFormData() from utils/request-body.server.",
        },
      ],
      "no-restricted-imports": [
        "error",
        {
          paths: [
            {
              name: "@remix-run/react",
              importNames: ["Link", "NavLink"],
              message: "Use Link and NavLink from ~/components/link: on a document they are plain anchors.",
            },
          ],
        },
      ],
    },
  },
  {
    files: ["app/components/link.tsx"],
    rules: { "no-restricted-imports": "off" },
  },
  {
    files: ["app/routes/**/*.{ts,tsx}"],
    rules: {
      "@typescript-eslint/no-restricted-imports": [
        "error",
        {
          paths: [{ name: "drizzle-orm", message: "Routes go through models; models talk to drizzle.", allowTypeImports: true }],
          patterns: [
            { group: ["~/utils/db.server", "**/db/schema"], message: "Routes go through models; models talk to the database.", allowTypeImports: true },
          ],
        },
      ],
    },
  },
);
