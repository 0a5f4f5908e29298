// /ui/config.json (public): OIDC settings. Missing or unreadable means API keys only.
let cached = null;

export function config() {
  if (!cached) {
    cached = fetch(`${import.meta.env.BASE_URL}config.json`, { cache: 'no-store' })
      .then((r) => (r.ok ? r.json() : { oidc: null }))
      .catch(() => ({ oidc: null }))
      .then((c) => ({ oidc: null, ...(c || {}) }));
  }
  return cached;
}
