// #/hosts/:ns/:name/console: the serial console in xterm.
import { h } from '../dom.js';
import { consolePage } from '../console-page.js';
import { createTerminal, connectSerial } from '../terminal.js';

export function render(root, { ns, name }) {
  const el = h('div.terminal', { testid: 'terminal' });
  const terminal = createTerminal(el);
  let takeOver = false;
  const cleanup = consolePage(root, {
    ns, name, kind: 'console', title: 'Serial console', viewer: el,
    open: async (minted, onStatus) => {
      const { term } = await terminal;
      const session = connectSerial(term, { ns, name, minted, takeOver, onStatus });
      takeOver = false;
      term.focus();
      return session;
    },
    extraButtons: [({ reconnect }) => h('button', {
      type: 'button', testid: 'take-over', title: 'Take the writer role from whoever types now',
      onclick: () => { takeOver = true; reconnect({ fresh: true }); },
    }, 'Take over')],
  });
  return () => {
    cleanup();
    terminal.then((t) => t.dispose());
  };
}
