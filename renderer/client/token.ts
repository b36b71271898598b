/**
 * Browser mode hands the access token over in the URL fragment (`#token=…`, printed by `podium ui`).
 * The fragment never reaches the server's logs; we move it into sessionStorage at once and drop it
 * from the address bar so it is not bookmarked or shared by accident.
 */
export type TokenStorage = {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
};

export const tokenStorageKey = 'podium.token';

/** Splits `#token=abc&view=/data` style fragments; returns the token and the route left over. */
export function readTokenFromHash(hash: string): { token: string | null; route: string | null } {
  const fragment = hash.startsWith('#') ? hash.slice(1) : hash;
  if (!fragment.startsWith('token=')) return { token: null, route: null };
  const params = new URLSearchParams(fragment);
  const token = params.get('token');
  const route = params.get('route');
  return { token: token === null || token === '' ? null : token, route };
}

/**
 * Resolves the token for this tab: a fresh one from the fragment wins over a stored one (a new
 * `podium ui` launch makes a new token). Returns the hash route to show next when the fragment
 * carried a token, so the caller can replace the address without it.
 */
export function takeToken(
  hash: string,
  storage: TokenStorage,
): { token: string | null; replaceHashWith: string | null } {
  const fromHash = readTokenFromHash(hash);
  if (fromHash.token !== null) {
    storage.setItem(tokenStorageKey, fromHash.token);
    const route = fromHash.route?.startsWith('/') ? fromHash.route : '/overview';
    return { token: fromHash.token, replaceHashWith: `#${route}` };
  }
  return { token: storage.getItem(tokenStorageKey), replaceHashWith: null };
}
