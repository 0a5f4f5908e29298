// A Job attempt's log as text, streamed while following.
import { request, resourcePath } from './api.js';

/**
 * Reads the log of attempt into onText chunks; with follow it keeps reading until the attempt ends.
 * Returns { done: Promise, stop() }.
 */
export function readLog(ns, name, { attempt, follow, onText }) {
  const controller = new AbortController();
  const q = new URLSearchParams();
  if (attempt) q.set('attempt', attempt);
  if (follow) q.set('follow', 'true');
  const done = (async () => {
    const res = await request(`${resourcePath('jobs', ns, name, 'log')}?${q}`, { signal: controller.signal, accept: 'text/plain' });
    const reader = res.body.getReader();
    const decoder = new TextDecoder();
    for (;;) {
      const { value, done: end } = await reader.read();
      if (end) break;
      onText(decoder.decode(value, { stream: true }));
    }
    onText(decoder.decode());
  })();
  return { done, stop: () => controller.abort() };
}

/** Offers text as a file download. */
export function download(filename, text) {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/plain' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
