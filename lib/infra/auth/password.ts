import { hash, verify } from '@node-rs/argon2';

// argon2id with OWASP's second recommended profile (19 MiB, t=2, p=1): memory-hard, and
// cheap enough that a 2-core server can take a burst of sign-ins.
const OPTIONS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export const MIN_PASSWORD_LENGTH = 12;

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

// Verified against when the account does not exist, so a missing account costs the same
// time as a wrong password and timing does not reveal which emails are members.
const DUMMY_HASH =
  '$argon2id$v=19$m=19456,t=2,p=1$yFVdsx526U8xF0XtxyCxYQ$B3t5X+fKUSUfQw54V9dM43MHhuVB2eIMuideHN/bEGk';

export async function verifyPassword(storedHash: string | null, password: string): Promise<boolean> {
  try {
    const ok = await verify(storedHash ?? DUMMY_HASH, password);
    return storedHash !== null && ok;
  } catch {
    return false;
  }
}
