import { cn } from '@/components/ui/cn';
import type { PresenceOther } from '@/lib/services/presence/topics';

function phrase(o: PresenceOther): string {
  return `${o.name} is ${o.state}`;
}

/**
 * "Sam is viewing", "Sam is replying": who else has this thread open. Nothing when nobody.
 * `compact` (list rows) shows one pill with the first name and a count; the rest in its title.
 */
export function PresenceBadge({
  others,
  compact = false,
}: {
  others: readonly PresenceOther[];
  compact?: boolean;
}) {
  if (others.length === 0) return null;
  const shown = compact ? others.slice(0, 1) : others;
  const rest = others.length - shown.length;
  return (
    <span role="status" className="inline-flex flex-wrap items-center gap-1.5" data-testid="presence">
      {shown.map((o) => (
        <span
          key={o.memberId}
          data-testid="presence-badge"
          data-state={o.state}
          title={compact ? others.map(phrase).join(', ') : undefined}
          className={cn(
            'inline-flex items-center gap-1 rounded-full px-2 py-0.5 text-xs font-medium',
            o.state === 'replying' ? 'bg-warn-bg text-warn' : 'bg-ok-bg text-ok',
          )}
        >
          <span aria-hidden className="size-1.5 rounded-full bg-current" />
          {phrase(o)}
          {rest > 0 ? ` +${rest}` : ''}
        </span>
      ))}
    </span>
  );
}
