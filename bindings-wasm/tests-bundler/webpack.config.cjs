// The webpack 5 check's config, as the README's webpack recipe gives it: production mode; the
// package's `new URL('….wasm', import.meta.url)` becomes an emitted asset and its top-level
// await an async module, both webpack 5 defaults.
const path = require('node:path');

module.exports = {
  mode: 'production',
  context: __dirname,
  entry: './main.js',
  output: { path: path.join(__dirname, 'dist-webpack'), filename: 'main.js', clean: true },
};
