// #/sign-in: an API key, or OIDC when /ui/config.json names a provider.
import { h, notice } from '../dom.js';
import { signIn } from '../auth.js';
import { config } from '../config.js';
import { startOidc } from '../oidc.js';
import { go } from '../router.js';
import { ApiError } from '../api.js';

export function render(root) {
  const error = h('p.notice.error', { testid: 'sign-in-error', role: 'alert', hidden: true });
  const input = h('input', { id: 'token', type: 'password', autocomplete: 'off', placeholder: 'API key or bearer token', required: true });
  const button = h('button.primary', { id: 'sign-in', type: 'submit' }, 'Sign in');
  const oidcSlot = h('div.oidc');
  const carried = sessionStorage.getItem('anvil.notice');
  sessionStorage.removeItem('anvil.notice');

  const form = h('form.card.sign-in', {
    onsubmit: async (e) => {
      e.preventDefault();
      error.hidden = true;
      button.disabled = true;
      try {
        await signIn(input.value.trim());
        go('#/fleet');
      } catch (err) {
        error.textContent = err instanceof ApiError && (err.status === 401 || err.status === 403)
          ? 'The token was not accepted'
          : `Sign-in failed: ${err.message}`;
        error.hidden = false;
      } finally {
        button.disabled = false;
      }
    },
  },
  h('h2', 'Sign in to Anvil'),
  carried ? notice(carried, 'info') : null,
  h('label', { for: 'token' }, 'API key'),
  input, button, error, oidcSlot);
  root.append(form);
  input.focus();

  config().then(({ oidc }) => {
    if (!oidc) return;
    oidcSlot.append(h('p.muted', 'or'), h('button', {
      id: 'oidc-sign-in', type: 'button',
      onclick: () => startOidc().catch((err) => {
        error.textContent = `OIDC sign-in failed: ${err.message}`;
        error.hidden = false;
      }),
    }, `Sign in with ${hostOf(oidc.issuer)}`));
  });
}

function hostOf(url) {
  try {
    return new URL(url).host;
  } catch {
    return 'single sign-on';
  }
}
