import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export type LaunchToken = {
  /** The token itself: printed once in the URL, never stored by the server. */
  token: string;
  /** True when `presented` is the token; constant time whatever its length or content. */
  matches(presented: string | undefined): boolean;
};

/**
 * A fresh token per `podium ui` launch. The server keeps only its SHA-256 and compares hashes,
 * so both sides of the comparison are 32 bytes whatever was sent and timing says nothing.
 */
export function createLaunchToken(): LaunchToken {
  const token = randomBytes(32).toString('base64url');
  const expected = sha256(token);
  return {
    token,
    matches: (presented) => presented !== undefined && timingSafeEqual(sha256(presented), expected),
  };
}

/** The token in `Authorization: Bearer <token>`, or undefined when the header is missing or odd. */
export function bearerToken(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  return /^Bearer +(\S+) *$/i.exec(header)?.[1];
}

function sha256(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}
