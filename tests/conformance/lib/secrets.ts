/** The credentials a case hands a runner (and a server sets), and whether an error shows any of them. */
import type { Case } from './cases.js';

/** Every credential value of the case: `auth` values and their bare tokens, and cookie values fault rules set. */
export function caseSecrets(c: Case): string[] {
  const secrets = new Set<string>();
  const add = (value: string) => {
    secrets.add(value);
    const bare = /^\S+\s+(\S{8,})$/.exec(value)?.[1];
    if (bare) secrets.add(bare);
  };
  for (const value of Object.values(c.auth?.headers ?? {})) add(value);
  if (c.auth?.token) add(c.auth.token);
  const rules = ((c.faults as { rules?: { setCookie?: string }[] } | undefined)?.rules ?? []);
  for (const rule of rules) if (rule.setCookie) secrets.add(rule.setCookie.slice(rule.setCookie.indexOf('=') + 1));
  return [...secrets].filter((s) => s.length >= 8);
}

/** The problems of an error `dump` for a case with credentials: a missing dump, or secrets shown in it. */
export function dumpProblems(c: Case, dump: unknown): string[] {
  if (c.auth === undefined) return [];
  if (typeof dump !== 'string' || dump.length === 0) return ['the case has credentials, and the runner sent no error.dump to check them against'];
  const leaked = caseSecrets(c).filter((secret) => dump.includes(secret));
  return leaked.map((secret) => `the error shows a credential: ${JSON.stringify(secret.slice(0, 6))}... (${secret.length} characters)`);
}
