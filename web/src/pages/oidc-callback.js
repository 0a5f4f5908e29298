// #/oidc-callback: the provider's redirect lands here; exchange the code, check the id_token, go to the fleet.
import { h, notice } from '../dom.js';
import { callbackParams, finishOidc } from '../oidc.js';
import { signIn } from '../auth.js';

export function render(root) {
  root.append(h('p.muted', 'Completing sign-in…'));
  finishOidc(callbackParams())
    .then((idToken) => signIn(idToken))
    .then(() => {
      // drop ?code=&state= from the address bar
      history.replaceState(null, '', `${location.pathname}#/fleet`);
      window.dispatchEvent(new HashChangeEvent('hashchange'));
    })
    .catch((e) => root.replaceChildren(
      notice(`Sign-in failed: ${e.message}`, 'error', 'sign-in-error'),
      h('a', { href: '#/sign-in' }, 'Back to sign-in')));
}
