// The Vite check's config, as the README's Vite recipe gives it: ES2022 for the package's
// top-level await, and the package left out of dependency pre-bundling so its
// `new URL('….wasm', import.meta.url)` still points at the .wasm in the dev server.
export default {
  build: { target: 'es2022', outDir: 'dist', emptyOutDir: true },
  optimizeDeps: { exclude: ['@triplink/sdk'] },
  logLevel: 'warn',
};
