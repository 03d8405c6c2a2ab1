// ESLint's flat config for the site's scripts (`make lint`, `make test`). The scripts are classic
// scripts (Material and the pages load them with <script> and importScripts), not modules; each ends by
// exporting its pure functions to node --test (tests/js/) when `module` exists.
import js from "@eslint/js";
import globals from "globals";

export default [
  { ignores: ["node_modules/", "site/", "content/", ".venv/", "test-artifacts/", ".cache/"] },
  js.configs.recommended,
  {
    files: ["theme_overrides/assets/javascripts/**/*.js"],
    languageOptions: {
      ecmaVersion: 2020,
      sourceType: "script",
      globals: {
        ...globals.browser,
        ...globals.worker,
        module: "readonly", // node --test only
        lunr: "readonly", // lunr.js, loaded on demand for its stemmer
        ArchiveSearch: "readonly", // search-core.js, for the worker
      },
    },
    rules: {
      eqeqeq: "error",
      "no-shadow": "error",
      "no-unused-vars": ["error", { args: "none" }],
    },
  },
  {
    files: ["tests/js/**/*.js"],
    languageOptions: { ecmaVersion: 2022, sourceType: "commonjs", globals: globals.node },
  },
];
