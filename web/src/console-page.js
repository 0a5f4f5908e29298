// What the serial and VNC pages share: the token lifecycle, the status line, Disconnect / Reconnect.
import { h, clear, notice } from './dom.js';
import { mintToken, expired } from './console-token.js';

/**
 * Builds the page around a viewer element. open(minted, onStatus) connects and resolves to { close() }.
 * Returns the page's cleanup.
 */
export function consolePage(root, { ns, name, kind, title, viewer, open, extraButtons = [] }) {
  const status = h('span.status', { testid: 'console-status', role: 'status' }, 'starting…');
  const error = h('div');
  let minted = null;
  let session = null;
  let expiryTimer = null;
  let gone = false;

  const setStatus = (text, ended = false) => {
    if (gone) return;
    status.textContent = text;
    status.className = `status ${text.startsWith('connected') ? 'ok' : ended ? 'bad' : ''}`;
    if (ended) {
      session = null;
      watchExpiry();
    }
  };

  // While nothing is connected, say so when the token runs out: Reconnect then mints a new one.
  function watchExpiry() {
    clearTimeout(expiryTimer);
    if (!minted || gone) return;
    const left = Date.parse(minted.expiresAt) - Date.now();
    expiryTimer = setTimeout(() => {
      if (!session && !gone) setStatus('console token expired');
    }, Math.max(0, left));
  }

  async function connect({ fresh }) {
    clear(error);
    if (session) session.close();
    session = null;
    if (!fresh && expired(minted)) {
      setStatus('console token expired');
      return;
    }
    if (minted && expired(minted)) setStatus('console token expired');
    try {
      if (fresh || expired(minted)) minted = await mintToken(ns, name, kind === 'vnc' ? 'vnc' : 'console');
      if (gone) return;
      clearTimeout(expiryTimer);
      session = await open(minted, setStatus);
    } catch (e) {
      setStatus(`closed: ${e.message}`, true);
      clear(error, notice(`The console could not be opened: ${e.message}`));
    }
  }

  root.append(
    h('p.crumbs', h('a', { href: '#/fleet' }, 'Fleet'), ' / ', h('a', { href: `#/hosts/${ns}/${name}` }, `${ns}/${name}`), ` / ${title}`),
    h('div.toolbar',
      h('h2', `${title}: ${name}`),
      status,
      h('button', { type: 'button', testid: 'disconnect', onclick: () => session && session.close() }, 'Disconnect'),
      h('button', { type: 'button', testid: 'reconnect', onclick: () => connect({ fresh: expired(minted) }) }, 'Reconnect'),
      extraButtons.map((b) => b({ reconnect: connect }))),
    error, viewer);

  connect({ fresh: true });
  return () => {
    gone = true;
    clearTimeout(expiryTimer);
    if (session) session.close();
  };
}
