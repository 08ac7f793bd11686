// The JS half of the triplink wasm binding: the error class every export throws, the built-in
// `fetch` transport, and a `setTimeout` sleep. Imported by the Rust side through wasm-bindgen.

/** The one error type of the SDK; `code` is stable (see `ErrorCode` in triplink-core). */
export class TriplinkError extends Error {
  constructor(code, message, details) {
    super(message);
    this.name = 'TriplinkError';
    this.code = code;
    const d = details || {};
    this.status = d.status === undefined ? null : d.status;
    this.correlationId = d.correlationId === undefined ? null : d.correlationId;
    this.apiCode = d.apiCode === undefined ? null : d.apiCode;
    this.field = d.field === undefined ? null : d.field;
    this.retryAfterSecs = d.retryAfterSecs === undefined ? null : d.retryAfterSecs;
  }
}

export function makeError(code, message, details) {
  return new TriplinkError(code, message, details);
}

export function isTriplinkError(value) {
  return value instanceof TriplinkError;
}

export function errorClass() {
  return TriplinkError;
}

/** Sends one request with the platform's `fetch`; resolves to `{status, headers, body}`. */
export async function fetchSend(request) {
  const init = { method: request.method, headers: request.headers, redirect: 'manual' };
  if (request.body !== null && request.body !== undefined) init.body = request.body;
  let timer = null;
  let timedOut = false;
  let forward = null;
  if ((request.timeoutMs || request.signal) && typeof AbortController !== 'undefined') {
    const ctl = new AbortController();
    init.signal = ctl.signal;
    if (request.timeoutMs) timer = setTimeout(() => { timedOut = true; ctl.abort(); }, request.timeoutMs);
    // `request.signal` aborts when the SDK drops the request (an aborted call): so does fetch.
    if (request.signal) {
      forward = () => ctl.abort();
      request.signal.addEventListener('abort', forward, { once: true });
    }
  }
  try {
    const r = await fetch(request.url, init);
    if (r.type === 'opaqueredirect') {
      return { status: 302, headers: [], body: new Uint8Array(0) };
    }
    const headers = [];
    r.headers.forEach((v, k) => headers.push([k, v]));
    const body = new Uint8Array(await r.arrayBuffer());
    return { status: r.status, headers, body };
  } catch (e) {
    // Only the error's class goes back: messages of some stacks echo the URL's query.
    if (timedOut) throw { kind: 'timeout', message: 'request timed out' };
    if (request.signal && request.signal.aborted) throw { kind: 'cancelled', message: 'request cancelled' };
    throw { kind: 'io', message: 'fetch failed: ' + (e && e.name || 'error') };
  } finally {
    if (timer !== null) clearTimeout(timer);
    if (forward !== null) request.signal.removeEventListener('abort', forward);
  }
}

export function sleepMs(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
