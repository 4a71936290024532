import path from 'node:path';
import { z } from 'zod';

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
});

export type Env = z.infer<typeof EnvSchema>;

let cached: Env | undefined;

export function env(): Env {
  if (cached) return cached;
  // An empty variable means unset, as in most shells' `VAR= command`.
  const given = Object.fromEntries(Object.entries(process.env).filter(([, v]) => v !== ''));
  const parsed = EnvSchema.safeParse(given);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`BM Desk configuration is invalid:\n${lines.join('\n')}`);
  }
  cached = parsed.data;
  return cached;
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
