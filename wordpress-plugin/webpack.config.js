/**
 * The editor script in two builds, as WordPress expects of a block built today:
 *   build/modern   React's automatic JSX runtime, so the script depends on WordPress's `react-jsx-runtime`
 *                  (shipped from 6.6 on);
 *   build/classic  the classic runtime (createElement from @wordpress/element), for 6.1–6.5, where that
 *                  script does not exist and a script depending on it silently never loads.
 * src/Editor/EditorAssets.php registers the build whose dependencies the site has. The block is apiVersion 3
 * in both: 6.3+ can then iframe the editor, and earlier releases treat it as version 2.
 */
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
const defaults = require('@wordpress/scripts/config/webpack.config');

function withClassicJsx(rules) {
  return rules.map((rule) => {
    const uses = Array.isArray(rule.use) ? rule.use : [];
    const babel = uses.find((use) => typeof use === 'object' && String(use.loader).includes('babel-loader'));
    if (!babel) return rule;
    const options = { ...babel.options, plugins: [[require.resolve('@babel/plugin-transform-react-jsx'), { runtime: 'classic', pragma: 'createElement', pragmaFrag: 'Fragment' }], ...(babel.options.plugins ?? [])] };
    return { ...rule, use: uses.map((use) => (use === babel ? { ...babel, options } : use)) };
  });
}

const era = (name, config) => ({
  ...config,
  name,
  entry: { index: path.resolve(import.meta.dirname, 'js/index.js') },
  output: { ...config.output, path: path.resolve(import.meta.dirname, 'build', name) },
});

export default [
  era('modern', defaults),
  era('classic', { ...defaults, module: { ...defaults.module, rules: withClassicJsx(defaults.module.rules) } }),
];
