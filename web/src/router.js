// Hash routes: "/hosts/:ns/:name" patterns mapped to page modules loaded on first use.
// A page module exports render(root, params) and may return a cleanup, run when the route changes.

const routes = [];
let cleanup = null;
let guard = () => null;
let root = null;
let fallback = '/';

export function route(pattern, load) {
  const names = [];
  const source = pattern.replace(/:([a-z]+)/g, (_, n) => {
    names.push(n);
    return '([^/]+)';
  });
  routes.push({ regex: new RegExp(`^${source}$`), names, load });
}

/** fn(path) returns a hash to go to instead (e.g. the sign-in page), or null. */
export function setGuard(fn) {
  guard = fn;
}

/** Navigates to hash, rendering again when it is already the current one. */
export function go(hash) {
  if (location.hash === hash) render();
  else location.hash = hash;
}

export function start(el, defaultPath) {
  root = el;
  fallback = defaultPath;
  window.addEventListener('hashchange', render);
  render();
}

function render() {
  show().catch((e) => {
    const p = document.createElement('p');
    p.className = 'notice error';
    p.textContent = `This page failed to load: ${e.message}`;
    root.replaceChildren(p);
  });
}

async function show() {
  const path = (location.hash.replace(/^#/, '') || fallback).split('?')[0];
  const redirect = guard(path);
  if (redirect) {
    location.replace(redirect);
    return;
  }
  const r = routes.find((x) => x.regex.test(path));
  if (!r) {
    location.replace(`#${fallback}`);
    return;
  }
  const m = path.match(r.regex);
  const params = Object.fromEntries(r.names.map((n, i) => [n, decodeURIComponent(m[i + 1])]));
  const page = await r.load();
  if (typeof cleanup === 'function') cleanup();
  cleanup = null;
  root.replaceChildren();
  highlight(path);
  cleanup = page.render(root, params) || null;
}

function highlight(path) {
  for (const a of document.querySelectorAll('#nav a')) {
    const target = a.getAttribute('href').slice(1);
    a.classList.toggle('active', path === target || path.startsWith(`${target}/`));
  }
}
