// Graphical console: noVNC's RFB on the VNC WebSocket, loaded only on the VNC page.
import { socketUrl, protocols } from './console-token.js';

/** Connects to a host's VNC console inside el; onStatus gets the status text. Returns { close() }. */
export async function connectVnc(el, { ns, name, minted, onStatus }) {
  const { default: RFB } = await import('@novnc/novnc');
  onStatus('connecting…');
  const rfb = new RFB(el, socketUrl(ns, name, 'vnc'), { wsProtocols: protocols(minted) });
  rfb.scaleViewport = true;
  rfb.resizeSession = false;
  let closedByUs = false;
  rfb.addEventListener('connect', () => onStatus('connected'));
  rfb.addEventListener('securityfailure', (e) => onStatus(`closed: security failure ${e.detail.reason || ''}`.trim(), true));
  rfb.addEventListener('disconnect', (e) => {
    if (!closedByUs) onStatus(e.detail.clean ? 'closed: ENDED' : 'closed: the connection was refused or lost', true);
  });
  return {
    close() {
      closedByUs = true;
      rfb.disconnect();
      onStatus('closed: DISCONNECTED', true);
    },
  };
}
