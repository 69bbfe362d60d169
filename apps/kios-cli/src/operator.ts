import { userInfo } from 'node:os';

/**
 * Who is acting, for the audit trail of what kios-cli records: `kios-cli (<name>)`, the name given
 * (`--operator`) or the OS user's.
 */
export function operatorName(named?: string): string {
  if (named !== undefined) return `kios-cli (${named})`;
  try {
    return `kios-cli (${userInfo().username})`;
  } catch {
    return 'kios-cli';
  }
}
