// Sign-in: an API key or an OIDC id_token, checked with a SelfSubjectReview before it is kept.
import { json, ApiError, GROUP } from './api.js';
import { remember } from './session.js';

const REVIEW = '/apis/authentication.k8s.io/v1/selfsubjectreviews';

/** Checks bearer and keeps it; throws ApiError (401 when the token is refused). */
export async function signIn(bearer) {
  const userInfo = await whoAmI(bearer);
  remember(bearer, userInfo);
  return userInfo;
}

async function whoAmI(bearer) {
  try {
    const review = await json(REVIEW, {
      method: 'POST', bearer,
      body: { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' },
    });
    const info = (review && review.status && review.status.userInfo) || {};
    return { username: info.username || 'unknown', groups: info.groups || [] };
  } catch (e) {
    // An apiserver without the review route still tells a good token from a bad one on discovery.
    if (e instanceof ApiError && (e.status === 404 || e.status === 405)) {
      await json(GROUP, { bearer });
      return { username: usernameFromJwt(bearer) || 'signed in', groups: [] };
    }
    throw e;
  }
}

function usernameFromJwt(t) {
  const parts = t.split('.');
  if (parts.length !== 3) return null;
  try {
    const claims = JSON.parse(atob(parts[1].replace(/-/g, '+').replace(/_/g, '/')));
    return claims.email || claims.preferred_username || claims.sub || null;
  } catch {
    return null;
  }
}
