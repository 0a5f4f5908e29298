// #/hosts/:ns/:name/vnc: the graphical console in noVNC.
import { h } from '../dom.js';
import { consolePage } from '../console-page.js';
import { connectVnc } from '../vnc.js';

export function render(root, { ns, name }) {
  const el = h('div.vnc', { testid: 'vnc' });
  return consolePage(root, {
    ns, name, kind: 'vnc', title: 'VNC', viewer: el,
    open: (minted, onStatus) => connectVnc(el, { ns, name, minted, onStatus }),
  });
}
