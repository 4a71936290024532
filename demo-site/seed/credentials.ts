import { Prng } from './prng';

// Secrets are derived from the seed number so a test can restart the site and keep its credentials.

/** WordPress shows application passwords as six groups of four; spaces are ignored when checking. */
export function formatAppPassword(raw: string): string {
  return raw.match(/.{1,4}/g)?.join(' ') ?? raw;
}

/** What WordPress compares: the password with everything but letters and digits removed. */
export function normaliseAppPassword(input: string): string {
  return input.replace(/[^a-z\d]/gi, '');
}

export function secretsFor(seed: number) {
  const rng = new Prng(seed, 99);
  return {
    controlToken: `demo-${rng.token(24)}`,
    appPassword: () => rng.token(24),
    loginPassword: () => rng.token(20),
    guestSecret: () => rng.token(30),
  };
}
