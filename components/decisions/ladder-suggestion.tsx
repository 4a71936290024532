import type { NextStep } from '@/lib/services/decisions/ladder';
import { plural } from '@/lib/infra/format/plural';
import { cn } from '@/components/ui/cn';

/**
 * "Suggested next step: Mute 1 day (1 active strike)": what the site's strike ladder suggests for
 * a person. Presentational: the person page and the reports queue pass suggestNextStep's answer.
 */
export function LadderSuggestion({
  suggestion,
  className,
}: {
  suggestion: Pick<NextStep, 'label' | 'activeStrikes' | 'index' | 'ladderLength'>;
  className?: string;
}) {
  const last = suggestion.ladderLength > 0 && suggestion.index === suggestion.ladderLength - 1;
  return (
    <p className={cn('text-sm', className)} data-testid="ladder-suggestion">
      <span className="text-muted">Suggested next step: </span>
      <span className="font-medium">{suggestion.label}</span>{' '}
      <span className="text-muted">
        ({plural(suggestion.activeStrikes, 'active strike')}
        {last && suggestion.activeStrikes >= suggestion.ladderLength ? ', the ladder’s last step' : ''})
      </span>
    </p>
  );
}
