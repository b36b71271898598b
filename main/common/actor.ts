import { userInfo } from 'node:os';

/**
 * Who is acting: `--actor NAME`, else the OS user. Podium runs on one workstation and does not
 * authenticate people; the approver list guards against mistakes (a promotion nobody meant to
 * approve), and the audit log says who claimed to act.
 */
export function resolveActor(explicit?: string): string {
  const given = explicit?.trim();
  if (given) return given;
  try {
    return userInfo().username || 'unknown';
  } catch {
    return 'unknown';
  }
}
