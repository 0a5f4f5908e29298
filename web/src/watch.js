// List, then watch from the list's resourceVersion over a fetch stream of newline-delimited WatchEvents.
// A dropped stream resumes from the last seen resourceVersion; 410 Gone (or an ERROR event) lists again.
import { request, json, ApiError } from './api.js';

const RETRY_MS = 2000;

/**
 * Keeps a Map keyed by "ns/name" in step with the server and calls onChange(items) after every change.
 * name narrows to one object (detail pages). Returns stop().
 */
export function watchList(path, { name, onChange, onError = () => {} }) {
  const items = new Map();
  let rv = null;
  let stopped = false;
  let controller = null;
  const key = (o) => `${o.metadata.namespace || ''}/${o.metadata.name}`;
  const wanted = (o) => !name || o.metadata.name === name;
  const selector = name ? `fieldSelector=${encodeURIComponent(`metadata.name=${name}`)}` : '';
  const sep = path.includes('?') ? '&' : '?';

  async function list() {
    const body = await json(selector ? `${path}${sep}${selector}` : path, { signal: controller.signal });
    items.clear();
    for (const o of body.items || []) if (wanted(o)) items.set(key(o), o);
    rv = body.metadata && body.metadata.resourceVersion;
    onChange(items);
  }

  async function stream() {
    const q = [`watch=true`, `allowWatchBookmarks=true`];
    if (rv) q.push(`resourceVersion=${encodeURIComponent(rv)}`);
    if (selector) q.push(selector);
    const res = await request(`${path}${sep}${q.join('&')}`, { signal: controller.signal });
    const reader = res.body.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += decoder.decode(value, { stream: true });
      let nl;
      while ((nl = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, nl).trim();
        buffer = buffer.slice(nl + 1);
        if (line) apply(JSON.parse(line));
      }
    }
  }

  function apply(event) {
    const o = event.object;
    if (event.type === 'ERROR') {
      throw new ApiError(o && o.code || 410, (o && o.message) || 'watch error', o && o.reason);
    }
    if (o && o.metadata && o.metadata.resourceVersion) rv = o.metadata.resourceVersion;
    if (event.type === 'BOOKMARK' || !wanted(o)) return;
    if (event.type === 'DELETED') items.delete(key(o));
    else items.set(key(o), o);
    onChange(items);
  }

  async function run() {
    let needList = true;
    while (!stopped) {
      controller = new AbortController();
      try {
        if (needList) await list();
        needList = false;
        onError(null);
        await stream();
      } catch (e) {
        if (stopped || e.name === 'AbortError') return;
        if (e instanceof ApiError && (e.status === 410 || e.status === 401 || e.status === 403 || e.status === 404)) {
          needList = true;
        }
        if (e instanceof ApiError && e.status !== 410) onError(e);
        if (e instanceof ApiError && e.status === 410) continue;
        await sleep(RETRY_MS);
      }
    }
  }

  run();
  return () => {
    stopped = true;
    if (controller) controller.abort();
  };
}

function sleep(ms) {
  return new Promise((r) => setTimeout(r, ms));
}
