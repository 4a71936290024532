import { cn } from '@/components/ui/cn';
import { MODE_LABELS, type Mode } from '@/lib/services/rules/labels';

const TONES: Record<Mode, string> = {
  off: 'bg-surface-2 text-muted',
  'dry-run': 'bg-warn-bg text-warn',
  on: 'bg-ok-bg text-ok',
};

export function ModeBadge({ mode }: { mode: Mode }) {
  return (
    <span data-testid="rule-mode" className={cn('rounded px-1.5 py-0.5 text-xs font-medium', TONES[mode])}>
      {MODE_LABELS[mode]}
    </span>
  );
}
