// Browser and bundler entry (ESM): fetches the package's .wasm next to this file with top-level
// await, then re-exports the API. To choose when and from where the .wasm loads (a CDN path,
// after first paint, from a `Response`), import the `slim` entry and call `init()` instead.
import { init } from './slim.js';

await init(new URL('./pkg/triplink_wasm_bg.wasm', import.meta.url));

export * from './slim.js';
