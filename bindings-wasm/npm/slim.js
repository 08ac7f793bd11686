// Entry with no top-level await (`@triplink/sdk/slim`, and `/booking/slim`): the app starts
// the wasm when and from where it chooses — `await init()` (the .wasm next to the glue),
// `await init(url | Response | bytes | WebAssembly.Module)`, or `initSync(bytes | module)`.
// Every other export throws until then. The auto-starting entries (index.js, node.js,
// workerd.js) are this file plus one start call.
import startAsync, { initSync as startSync, triplinkErrorClass } from './pkg/triplink_wasm.js';

export * from './pkg/triplink_wasm.js';

/** The class of every error the package throws (`err instanceof TriplinkError`); set once started. */
export let TriplinkError;

/** Starts the wasm from a URL (string or `URL`), a `Response` (or its promise), bytes or a compiled module. */
export async function init(input) {
  await startAsync(input === undefined ? undefined : { module_or_path: input });
  TriplinkError = triplinkErrorClass();
}

/** Starts the wasm at once from bytes or a compiled `WebAssembly.Module`. */
export function initSync(input) {
  startSync({ module: input });
  TriplinkError = triplinkErrorClass();
}
