import { isIP } from 'node:net';
import path from 'node:path';
import { z } from 'zod';

/**
 * Who may tell BM Desk the client's address in `X-Forwarded-For`: nobody (`0`, the default:
 * the connection's own address is the client), the nearest `hops` proxies, or the proxies at
 * these addresses and networks.
 */
export type TrustedProxies = { hops: number } | { ranges: ProxyRange[] };
type ProxyRange = { address: string; prefix: number; family: 'ipv4' | 'ipv6' };

function parseRange(text: string): ProxyRange | null {
  const [address = '', prefixText, extra] = text.split('/');
  const version = isIP(address);
  if (version === 0 || extra !== undefined) return null;
  const bits = version === 4 ? 32 : 128;
  if (prefixText !== undefined && !/^\d{1,3}$/.test(prefixText)) return null;
  const prefix = prefixText === undefined ? bits : Number(prefixText);
  if (prefix > bits) return null;
  return { address, prefix, family: version === 4 ? 'ipv4' : 'ipv6' };
}

const TrustedProxiesSchema = z
  .string()
  .trim()
  .transform((value, ctx): TrustedProxies => {
    if (/^\d+$/.test(value)) return { hops: Number(value) };
    const items = value.split(',').map((item) => item.trim());
    const ranges = items.map(parseRange);
    const bad = items.filter((_, i) => ranges[i] === null);
    if (bad.length > 0) {
      ctx.addIssue({
        code: 'custom',
        message: `must be a number of proxy hops (such as 1) or a comma-separated list of proxy addresses or networks (such as 10.0.0.0/8, ::1); cannot read ${bad.map((b) => JSON.stringify(b)).join(', ')}`,
      });
      return z.NEVER;
    }
    return { ranges: ranges as ProxyRange[] };
  });

// Parsed once, at first use, so a bad value fails with a message naming the variable.
const EnvSchema = z.object({
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  BMDESK_DATA_DIR: z.string().min(1).default('./data'),
  BMDESK_SECRET_KEY: z
    .string()
    .refine((v) => decodeKey(v) !== null, 'must be 32 bytes as 64 hex characters or base64')
    .optional(),
  AUTH_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
  BMDESK_SIGNIN_MAX_PER_ACCOUNT: z.coerce.number().int().positive().default(5),
  BMDESK_SIGNIN_MAX_PER_IP: z.coerce.number().int().positive().default(20),
  BMDESK_SIGNIN_WINDOW_MINUTES: z.coerce.number().int().positive().default(15),
  BMDESK_TRUSTED_PROXIES: TrustedProxiesSchema.default({ hops: 0 }),
  BMDESK_SITE_MAX_RESPONSE_MB: z.coerce
    .number()
    .positive('must be a number of megabytes above 0')
    .default(32),
});

export type Env = z.infer<typeof EnvSchema>;

let cached: Env | undefined;

export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

export function parseEnv(vars: Record<string, string | undefined>): Env {
  // An empty variable means unset, as in most shells' `VAR= command`.
  const given = Object.fromEntries(Object.entries(vars).filter(([, v]) => v !== ''));
  const parsed = EnvSchema.safeParse(given);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`BM Desk configuration is invalid:\n${lines.join('\n')}`);
  }
  return parsed.data;
}

/** Where embedded state lives: an absolute path, or PGlite's in-memory marker for tests. */
export function dataDir(): string {
  const dir = env().BMDESK_DATA_DIR;
  return dir.startsWith('memory://') ? dir : path.resolve(dir);
}

export function decodeKey(value: string): Buffer | null {
  const trimmed = value.trim();
  if (/^[0-9a-fA-F]{64}$/.test(trimmed)) return Buffer.from(trimmed, 'hex');
  const b = Buffer.from(trimmed, 'base64');
  return b.length === 32 ? b : null;
}
