// OIDC authorization code flow with PKCE (public client): discovery, redirect, code exchange; the id_token is the bearer.
import { config } from './config.js';

const PENDING = 'anvil.oidc.pending';

export function redirectUri(oidc) {
  return oidc.redirectUri || `${location.origin}${import.meta.env.BASE_URL}#/oidc-callback`;
}

async function discover(issuer) {
  const res = await fetch(`${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`);
  if (!res.ok) throw new Error(`OIDC discovery failed (${res.status})`);
  return res.json();
}

export async function startOidc() {
  const { oidc } = await config();
  if (!oidc) throw new Error('OIDC is not configured');
  const meta = await discover(oidc.issuer);
  const verifier = random(48);
  const state = random(16);
  const nonce = random(16);
  const challenge = base64url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))));
  sessionStorage.setItem(PENDING, JSON.stringify({ verifier, state, nonce, tokenEndpoint: meta.token_endpoint }));
  const url = new URL(meta.authorization_endpoint);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('client_id', oidc.clientId);
  url.searchParams.set('redirect_uri', redirectUri(oidc));
  url.searchParams.set('scope', oidc.scopes || 'openid profile email');
  url.searchParams.set('state', state);
  url.searchParams.set('nonce', nonce);
  url.searchParams.set('code_challenge', challenge);
  url.searchParams.set('code_challenge_method', 'S256');
  location.assign(url.toString());
}

/** The code and state the provider sent back, in the query or after the callback route in the hash. */
export function callbackParams() {
  const fromSearch = new URLSearchParams(location.search);
  if (fromSearch.get('code') || fromSearch.get('error')) return fromSearch;
  const hash = location.hash;
  const q = hash.indexOf('?');
  return new URLSearchParams(q >= 0 ? hash.slice(q + 1) : '');
}

/** Exchanges the code for tokens; returns the id_token. */
export async function finishOidc(params) {
  const { oidc } = await config();
  const pending = JSON.parse(sessionStorage.getItem(PENDING) || 'null');
  sessionStorage.removeItem(PENDING);
  if (params.get('error')) throw new Error(`${params.get('error')}: ${params.get('error_description') || 'sign-in refused'}`);
  if (!oidc || !pending) throw new Error('No OIDC sign-in was started in this tab');
  if (params.get('state') !== pending.state) throw new Error('The OIDC state did not match; start again');
  const res = await fetch(pending.tokenEndpoint, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code: params.get('code') || '',
      redirect_uri: redirectUri(oidc),
      client_id: oidc.clientId,
      code_verifier: pending.verifier,
    }),
  });
  const body = await res.json().catch(() => ({}));
  if (!res.ok || !body.id_token) {
    throw new Error(body.error_description || body.error || `token exchange failed (${res.status})`);
  }
  return body.id_token;
}

function random(bytes) {
  return base64url(crypto.getRandomValues(new Uint8Array(bytes)));
}

export function base64url(bytes) {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}
