type SizeName = 'small' | 'default' | 'large';

export interface SeedSize {
  users: number;
  guests: number;
  threads: number;
  messages: number;
  chatRooms: number;
}

const PRESETS: Record<SizeName, SeedSize> = {
  small: { users: 50, guests: 8, threads: 100, messages: 2_000, chatRooms: 3 },
  default: { users: 300, guests: 40, threads: 1_000, messages: 20_000, chatRooms: 7 },
  // Same shape as the real-site scale seed (../shared/real-site/seed-scale): 1M messages, 50k threads, 2k members.
  large: { users: 2_000, guests: 200, threads: 50_000, messages: 1_000_000, chatRooms: 7 },
};

const clamp = (n: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, Math.round(n)));

/** `small` | `default` | `large` | a message count. */
export function resolveSize(size: string | number | undefined): SeedSize {
  if (size === undefined || size === '') return PRESETS.default;
  if (typeof size === 'string' && size in PRESETS) return PRESETS[size as SizeName];
  const messages = Number(size);
  if (!Number.isInteger(messages) || messages < 10) {
    throw new Error(`--size must be small, default, large or a message count >= 10 (got ${String(size)})`);
  }
  return {
    messages,
    threads: clamp(messages / 20, 12, 50_000),
    users: clamp(messages / 60, 12, 2_000),
    guests: clamp(messages / 500, 2, 200),
    chatRooms: messages < 1000 ? 2 : 7,
  };
}
