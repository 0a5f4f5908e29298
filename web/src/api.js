// fetch against the apiserver with the session's bearer token; Kubernetes Status bodies become ApiError messages.
import { token } from './session.js';

export const GROUP = '/apis/anvil.dev/v1alpha1';

export class ApiError extends Error {
  constructor(status, message, reason) {
    super(message);
    this.status = status;
    this.reason = reason;
  }
}

/** Path of a resource collection or object: ns may be empty for all namespaces. */
export function resourcePath(plural, ns, name, sub) {
  let p = ns ? `${GROUP}/namespaces/${encodeURIComponent(ns)}/${plural}` : `${GROUP}/${plural}`;
  if (name) p += `/${encodeURIComponent(name)}`;
  if (sub) p += `/${sub}`;
  return p;
}

export function authHeaders(bearer = token()) {
  return bearer ? { Authorization: `Bearer ${bearer}` } : {};
}

/** fetch that throws ApiError for a non-2xx answer; the caller reads the body. */
export async function request(path, { method = 'GET', body, contentType = 'application/json', bearer, signal, accept } = {}) {
  const headers = { ...authHeaders(bearer ?? token()) };
  if (accept) headers.Accept = accept;
  if (body !== undefined) headers['Content-Type'] = contentType;
  let res;
  try {
    res = await fetch(path, {
      method, headers, signal,
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    throw new ApiError(0, `The apiserver could not be reached (${e.message})`, 'Unreachable');
  }
  if (!res.ok) throw await errorOf(res);
  return res;
}

/** request() and parse the JSON answer (null for an empty body). */
export async function json(path, opts) {
  const res = await request(path, opts);
  const text = await res.text();
  return text ? JSON.parse(text) : null;
}

export async function errorOf(res) {
  let message = `${res.status} ${res.statusText}`.trim();
  let reason;
  try {
    const text = await res.text();
    try {
      const status = JSON.parse(text);
      if (status && status.message) message = status.message;
      reason = status && status.reason;
    } catch {
      if (text && text.length < 300) message = text.trim();
    }
  } catch { /* body unreadable: keep the status line */ }
  if (res.status === 401) onUnauthorized();
  return new ApiError(res.status, message, reason);
}

let unauthorizedHandler = () => {};
export function setUnauthorizedHandler(fn) {
  unauthorizedHandler = fn;
}
function onUnauthorized() {
  unauthorizedHandler();
}
