// A modal confirmation for actions that change a machine (power, boot override).
import { h } from './dom.js';

/** Resolves true when the user confirms, false on cancel or Escape. */
export function confirmAction(title, detail) {
  return new Promise((resolve) => {
    const done = (answer) => {
      dialog.close();
      dialog.remove();
      resolve(answer);
    };
    const dialog = h('dialog.confirm', { testid: 'confirm-dialog', oncancel: (e) => { e.preventDefault(); done(false); } },
      h('h3', title),
      detail ? h('p', detail) : null,
      h('div.buttons',
        h('button', { type: 'button', testid: 'cancel', onclick: () => done(false) }, 'Cancel'),
        h('button.primary', { type: 'button', testid: 'confirm', onclick: () => done(true) }, 'Confirm')));
    document.body.append(dialog);
    dialog.showModal();
  });
}
