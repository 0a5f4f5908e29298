// Delegated console tokens: minted per connection, checked for expiry by the page (a browser cannot read
// why a WebSocket handshake failed), and carried in the bearer subprotocol.
import { json, resourcePath } from './api.js';
import { base64url } from './oidc.js';

/** POST .../consoletoken?action=console|vnc → {token, expiresAt}. */
export function mintToken(ns, name, action) {
  return json(`${resourcePath('bmchosts', ns, name, 'consoletoken')}?action=${action}`, { method: 'POST' });
}

/** True when the token's expiresAt has passed (with a second of slack for the trip). */
export function expired(minted) {
  if (!minted || !minted.expiresAt) return true;
  return Date.parse(minted.expiresAt) - 1000 <= Date.now();
}

export function protocols(minted) {
  return ['binary', `base64url.bearer.authorization.k8s.io.${base64url(new TextEncoder().encode(minted.token))}`];
}

/** ws(s)://host/apis/anvil.dev/v1alpha1/namespaces/ns/bmchosts/name/<kind>?query */
export function socketUrl(ns, name, kind, query = '') {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}${resourcePath('bmchosts', ns, name, kind)}${query ? `?${query}` : ''}`;
}

/** "closed: REASON" from the relay's closed frame or the close frame's "REASON: message". */
export function closedText(reason, code) {
  if (reason) return `closed: ${reason}`;
  return code === 1006 ? 'closed: the connection was refused or lost' : `closed: ${code}`;
}
