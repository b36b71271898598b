/**
 * The HTTP status for an error code crossing the browser-mode bridge. Callers branch on the
 * code in the body; the status only has to be right for HTTP tooling (4xx: the caller's input,
 * 5xx: ours).
 */
export function statusForErrorCode(code: string): number {
  switch (code) {
    case 'NOT_FOUND':
      return 404;
    case 'CONFLICT':
      return 409;
    case 'UNAUTHORIZED':
      return 401;
    case 'FORBIDDEN':
      return 403;
    case 'PAYLOAD_TOO_LARGE':
      return 413;
    case 'UNSUPPORTED_MEDIA_TYPE':
      return 415;
    case 'INTERNAL':
    case 'DB_MIGRATION':
      return 500;
    case 'UNAVAILABLE':
      return 503;
    case 'STORAGE_FULL':
      // Insufficient Storage: the message (which file, no room) still goes in the body.
      return 507;
    default:
      // Every other code names something wrong with what was asked (bad CSV, bad config, a
      // training run that failed on the given data, a cancelled job): the caller's side.
      return 400;
  }
}
