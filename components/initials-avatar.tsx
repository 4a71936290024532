import { revealHiddenCharacters } from '@/lib/infra/content/hidden-characters';

/**
 * A person's initials in a circle. The site's avatar URLs are never loaded in the dashboard: a
 * remote image tells its host who is looking and when, and can be anything.
 */
export function initials(name: string): string {
  // Hangul fillers are letters that print nothing: an initial must be one a person can see.
  const visible = revealHiddenCharacters(name)
    .map((p) => (p.kind === 'text' ? p.text : ' '))
    .join('');
  const words = visible.match(/[\p{L}\p{N}]+/gu) ?? [];
  const letters = words
    .slice(0, 2)
    .map((w) => [...w][0]!.toUpperCase())
    .join('');
  return letters || '?';
}

export function InitialsAvatar({ name, size = 'sm' }: { name: string; size?: 'sm' | 'lg' }) {
  return (
    <span
      aria-hidden="true"
      className={
        'inline-flex shrink-0 items-center justify-center rounded-full bg-surface-2 font-medium text-muted ' +
        (size === 'lg' ? 'h-12 w-12 text-base' : 'h-7 w-7 text-xs')
      }
    >
      {initials(name)}
    </span>
  );
}
