import Link from 'next/link';
import { formatWaiting } from '@/lib/services/triage/constants';

/** The queue health tables' shared pieces: links into the audit log, numbers that open their rows. */

export type AuditLink = { from: string; to: string; member?: number; by?: 'rule' | 'people' };

/** The audit log of the site, filtered to the queue decisions the site accepted. */
export function auditHref(base: string, f: AuditLink): string {
  const q = new URLSearchParams({ decisions: 'queue', outcome: 'ok', from: f.from, to: f.to });
  if (f.member !== undefined) q.set('member', String(f.member));
  if (f.by) q.set('by', f.by);
  return `${base}/audit?${q.toString()}`;
}

/** A number that opens its rows; a zero has no rows to open. */
export function Num({
  value,
  href,
  label,
  children,
}: {
  value: number;
  href: string;
  label: string;
  children?: string;
}) {
  const text = children ?? value.toLocaleString('en');
  if (value === 0) return <span className="text-muted">{text}</span>;
  return (
    <Link
      href={href}
      className="text-accent underline underline-offset-2 hover:decoration-2"
      aria-label={label}
    >
      {text}
    </Link>
  );
}

/** "45 s", "12 m", "3 h 5 m", "2 d 4 h". */
export function formatSeconds(seconds: number): string {
  return seconds < 60 ? `${Math.round(seconds)} s` : formatWaiting(seconds * 1000);
}

export const percent = (part: number, whole: number) => (whole === 0 ? 0 : Math.round((part / whole) * 100));

export const th = 'py-1.5 pr-3 font-medium';
export const td = 'py-1.5 pr-3 tabular-nums';
