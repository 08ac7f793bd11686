// Production build of the bundler check: ES2022 for the package's top-level await.
export default { build: { target: 'es2022', outDir: 'dist', emptyOutDir: true }, logLevel: 'warn' };
