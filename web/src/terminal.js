// Serial console: xterm.js wired to the console WebSocket (binary frames = bytes, text frames = JSON notices).
import { socketUrl, protocols, closedText } from './console-token.js';

/** Loads xterm and opens a terminal in el. */
export async function createTerminal(el) {
  const [{ Terminal }, { FitAddon }] = await Promise.all([
    import('@xterm/xterm'), import('@xterm/addon-fit'), import('@xterm/xterm/css/xterm.css'),
  ]);
  const term = new Terminal({ convertEol: false, cursorBlink: true, fontSize: 14, scrollback: 5000 });
  const fit = new FitAddon();
  term.loadAddon(fit);
  term.open(el);
  fit.fit();
  const onResize = () => fit.fit();
  window.addEventListener('resize', onResize);
  return { term, dispose: () => { window.removeEventListener('resize', onResize); term.dispose(); } };
}

/**
 * Connects term to a host's serial console with a delegated token. onStatus gets the text for the status line.
 * Returns { close() }.
 */
export function connectSerial(term, { ns, name, minted, takeOver = false, onStatus }) {
  const query = `mode=write${takeOver ? '&takeOver=true' : ''}`;
  const ws = new WebSocket(socketUrl(ns, name, 'console', query), protocols(minted));
  ws.binaryType = 'arraybuffer';
  const encoder = new TextEncoder();
  let closedReason = null;
  let closedByUs = false;
  onStatus('connecting…');

  ws.onmessage = (e) => {
    if (typeof e.data !== 'string') {
      term.write(new Uint8Array(e.data));
      return;
    }
    let msg;
    try {
      msg = JSON.parse(e.data);
    } catch {
      term.write(e.data);
      return;
    }
    if (msg.type === 'opened' || msg.type === 'role') {
      onStatus(msg.writer ? 'connected (writer)' : 'connected (read-only)');
      if (msg.message) term.write(`\r\n\x1b[2m[${msg.message}]\x1b[0m\r\n`);
    } else if (msg.type === 'closed') {
      closedReason = msg.reason || 'ENDED';
      if (msg.message) term.write(`\r\n\x1b[2m[${msg.reason}: ${msg.message}]\x1b[0m\r\n`);
    }
  };
  ws.onclose = (e) => {
    if (closedByUs) return;
    input.dispose();
    const fromFrame = e.reason ? e.reason.split(':')[0].trim() : '';
    onStatus(closedText(closedReason || fromFrame, e.code), true);
  };
  const input = term.onData((data) => {
    if (ws.readyState === WebSocket.OPEN) ws.send(encoder.encode(data));
  });

  return {
    close() {
      closedByUs = true;
      input.dispose();
      if (ws.readyState === WebSocket.OPEN || ws.readyState === WebSocket.CONNECTING) ws.close(1000, 'DISCONNECTED');
      onStatus('closed: DISCONNECTED', true);
    },
  };
}
