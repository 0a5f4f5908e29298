// The signed-in state lives in sessionStorage only: it ends with the tab, and sign-out clears it.
const TOKEN = 'anvil.token';
const USER = 'anvil.user';

export function token() {
  return sessionStorage.getItem(TOKEN);
}

export function user() {
  const raw = sessionStorage.getItem(USER);
  return raw ? JSON.parse(raw) : null;
}

export function signedIn() {
  return !!token();
}

export function remember(bearer, userInfo) {
  sessionStorage.setItem(TOKEN, bearer);
  sessionStorage.setItem(USER, JSON.stringify(userInfo));
}

export function clear() {
  sessionStorage.clear();
}
