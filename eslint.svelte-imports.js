// import-x reads the imports of a module it reaches (no-cycle walks the graph) from the top
// level of its AST. svelte-eslint-parser keeps a component's imports inside its <script>
// elements, so import-x would see a .svelte file as importing nothing and miss every cycle
// through two components. This parser, used by import-x only (eslint.config.js,
// `import-x/parsers`), lifts the statements of the <script> elements to the top level.
import * as svelteParser from 'svelte-eslint-parser';

export const meta = { name: 'kring-svelte-imports', version: '1.0.0' };

export function parseForESLint(code, options) {
  const result = svelteParser.parseForESLint(code, options);
  const scripts = result.ast.body.filter((node) => node.type === 'SvelteScriptElement');
  return { ...result, ast: { ...result.ast, body: scripts.flatMap((script) => script.body) } };
}
