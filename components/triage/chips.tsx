import { cn } from '@/components/ui/cn';
import {
  formatWaiting,
  PRIORITY_LABELS,
  STATUS_LABELS,
  type LabelColour,
  type TriagePriority,
  type TriageStatus,
} from '@/lib/services/triage/constants';

// Written out whole so Tailwind finds every class.
const LABEL_CLASSES: Record<LabelColour, string> = {
  grey: 'bg-surface-2 text-fg',
  red: 'bg-red-500/15 text-red-700 dark:text-red-300',
  orange: 'bg-orange-500/15 text-orange-800 dark:text-orange-300',
  yellow: 'bg-yellow-500/20 text-yellow-800 dark:text-yellow-200',
  green: 'bg-green-500/15 text-green-700 dark:text-green-300',
  teal: 'bg-teal-500/15 text-teal-700 dark:text-teal-300',
  blue: 'bg-blue-500/15 text-blue-700 dark:text-blue-300',
  purple: 'bg-purple-500/15 text-purple-700 dark:text-purple-300',
};

export function LabelChip({ name, colour }: { name: string; colour: LabelColour }) {
  return (
    <span
      className={cn('inline-block rounded px-1.5 text-xs whitespace-nowrap', LABEL_CLASSES[colour])}
      data-testid="label-chip"
    >
      {name}
    </span>
  );
}

/** "waiting 3 h 12 m", red once past the site's target. */
export function Waiting({
  since,
  now,
  targetMinutes,
}: {
  since: string | null;
  now: number;
  targetMinutes: number;
}) {
  if (!since) return <span className="text-xs text-muted">answered</span>;
  const ms = now - new Date(since).getTime();
  const late = ms > targetMinutes * 60_000;
  return (
    <span
      className={cn('text-xs whitespace-nowrap', late ? 'font-medium text-danger' : 'text-fg')}
      title={`Waiting since ${since.replace('T', ' ').slice(0, 16)} UTC; target ${formatWaiting(targetMinutes * 60_000)}`}
      data-testid="waiting"
      data-late={late || undefined}
    >
      waiting {formatWaiting(ms)}
    </span>
  );
}

const PRIORITY_CLASSES: Record<TriagePriority, string> = {
  urgent: 'bg-danger-bg text-danger',
  high: 'bg-warn-bg text-warn',
  medium: 'bg-surface-2 text-fg',
  low: 'text-muted',
  none: 'text-muted',
};

export function PriorityChip({ priority }: { priority: TriagePriority }) {
  if (priority === 'none') return <span className="text-xs text-muted">—</span>;
  return (
    <span className={cn('rounded px-1.5 text-xs', PRIORITY_CLASSES[priority])}>
      {PRIORITY_LABELS[priority]}
    </span>
  );
}

export function StatusChip({ status }: { status: TriageStatus }) {
  return <span className="text-xs text-muted">{STATUS_LABELS[status]}</span>;
}
