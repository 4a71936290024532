import { revealHiddenCharacters } from '@/lib/infra/content/hidden-characters';
import { HIDDEN_CHAR_CLASS } from '@/lib/infra/content/sanitize-markers';

/**
 * A stranger's short text (a name, a subject, a file name), isolated so its direction cannot
 * reorder the text around it, and with every hidden character shown as a marker (`⟨U+202E⟩`) in
 * place of the character itself. Right-to-left names still read naturally: `<bdi>` takes the
 * direction of their first letter.
 */
export function UntrustedText({
  text,
  className,
  testId,
}: {
  text: string | null | undefined;
  className?: string;
  testId?: string;
}) {
  return (
    <bdi className={className} data-testid={testId}>
      {revealHiddenCharacters(text).map((part, i) =>
        part.kind === 'text' ? (
          part.text
        ) : (
          <span key={i} dir="ltr" className={HIDDEN_CHAR_CLASS} title={part.title} data-hidden-char="">
            {part.label}
          </span>
        ),
      )}
    </bdi>
  );
}
