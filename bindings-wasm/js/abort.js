// The JS half of cancellation: reading a caller's `AbortSignal`, waiting for its abort, the
// error an aborted call rejects with, and a per-request `AbortController` for the transport.
// Imported by `src/abort.rs` through wasm-bindgen.

/** True for an `AbortSignal` (duck-typed: signals of other realms count too). */
export function isAbortSignal(value) {
  return value !== null && typeof value === 'object' && typeof value.aborted === 'boolean'
    && typeof value.addEventListener === 'function' && typeof value.removeEventListener === 'function';
}

/**
 * Waits for `signal`'s abort: `{promise, dispose}`; `dispose()` removes the listener, so a
 * long-lived signal shared by many calls does not collect one per finished call.
 */
export function watchAbort(signal) {
  let onAbort = null;
  const promise = new Promise((resolve) => {
    onAbort = () => resolve();
    signal.addEventListener('abort', onAbort, { once: true });
  });
  return {
    promise,
    dispose() {
      signal.removeEventListener('abort', onAbort);
    },
  };
}

/** What an aborted call rejects with, as `fetch` does: the signal's reason, else an `AbortError`. */
export function abortError(signal) {
  if (signal.reason !== undefined) return signal.reason;
  return new DOMException('This operation was aborted', 'AbortError');
}

/** The abort's reason as text for a report's `stopped` (its name and message, or the string). */
export function abortReasonText(signal) {
  const r = signal.reason;
  if (r === undefined || r === null) return 'aborted';
  if (typeof r === 'string') return r;
  if (typeof r === 'object' && typeof r.message === 'string') {
    return r.name ? `${r.name}: ${r.message}` : r.message;
  }
  return String(r);
}

/** A controller for one transport request: the SDK aborts it when the request is dropped. */
export function newRequestController() {
  return new AbortController();
}
