// Browser and bundler entry (ESM): fetches the package's .wasm next to this file, then
// re-exports the API. Node uses node.js (same API).
import init, { triplinkErrorClass } from './pkg/triplink_wasm.js';

await init({ module_or_path: new URL('./pkg/triplink_wasm_bg.wasm', import.meta.url) });

export * from './pkg/triplink_wasm.js';
/** The class of every error the package throws (`err instanceof TriplinkError`). */
export const TriplinkError = triplinkErrorClass();
