// Entry: the shell is already painted by index.html; this wires the header, the routes and the guard.
import './style.css';
import { route, start, setGuard, go } from './router.js';
import { signedIn, user, clear } from './session.js';
import { setUnauthorizedHandler } from './api.js';

const PUBLIC = new Set(['/sign-in', '/oidc-callback']);

route('/sign-in', () => import('./pages/sign-in.js'));
route('/oidc-callback', () => import('./pages/oidc-callback.js'));
route('/fleet', () => import('./pages/fleet.js'));
route('/hosts/:ns/:name', () => import('./pages/host.js'));
route('/hosts/:ns/:name/console', () => import('./pages/console.js'));
route('/hosts/:ns/:name/vnc', () => import('./pages/vnc.js'));
route('/work', () => import('./pages/work.js'));
route('/jobs/:ns/:name', () => import('./pages/job.js'));
route('/pipelines/:ns/:name', () => import('./pages/pipeline.js'));
route('/workflows/:ns/:name', () => import('./pages/workflow.js'));
route('/agents', () => import('./pages/agents.js'));
route('/dead-letters', () => import('./pages/dead-letters.js'));

setGuard((path) => {
  showAccount();
  if (PUBLIC.has(path)) return null;
  return signedIn() ? null : '#/sign-in';
});

// A token that stops working (expired id_token, revoked key) sends the user back to sign in.
setUnauthorizedHandler(() => {
  if (!signedIn()) return;
  clear();
  sessionStorage.setItem('anvil.notice', 'Your session ended: sign in again.');
  go('#/sign-in');
});

document.getElementById('sign-out').addEventListener('click', () => {
  clear();
  go('#/sign-in');
});

function showAccount() {
  const u = user();
  document.getElementById('nav').hidden = !u;
  document.getElementById('account').hidden = !u;
  document.querySelector('[data-testid=whoami]').textContent = u ? u.username : '';
}

// The OIDC provider may send the code back in the query string (/ui/?code=..&state=..#/oidc-callback).
if (new URLSearchParams(location.search).has('code') && !location.hash.startsWith('#/oidc-callback')) {
  location.hash = '#/oidc-callback';
}

start(document.getElementById('app'), signedIn() ? '/fleet' : '/sign-in');
