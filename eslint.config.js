import js from "@eslint/js";
import convexPlugin from "@convex-dev/eslint-plugin";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["dist", "node_modules", "convex/_generated", "artifacts", ".framewise", "**/*.generated.*"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...convexPlugin.configs.recommended,
  {
    files: ["**/*.{ts,tsx}"],
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    files: ["src/**/*.{ts,tsx}"],
    plugins: { "react-hooks": reactHooks },
    rules: reactHooks.configs.recommended.rules,
  },
  {
    files: ["convex/**/*.ts"],
    rules: {
      // Typed env declarations live in convex.config.ts, which offline codegen
      // cannot process (see README); convex/lib/env.ts validates process.env instead.
      "@convex-dev/no-process-env": "off",
    },
  },
  {
    // The logger is the one place allowed to write to the console in convex/.
    files: ["convex/**/*.ts"],
    ignores: ["convex/lib/log.ts", "convex/**/*.test.ts", "convex/test.*.ts"],
    rules: { "no-console": "error" },
  },
);
