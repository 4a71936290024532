'use client';

import * as Primitive from '@radix-ui/react-dialog';
import { useRef, type ReactNode } from 'react';

/**
 * The desk's one dialog, on Radix's: a name for screen readers, Escape to close, focus moved
 * in on open and given back to what opened it on close.
 *
 * - `modal` (the default) sits over the page behind a backdrop, in a portal, and traps focus.
 * - `modal={false}` is a panel in place (a bulk action under its table, a form in a side
 *   panel): the page around it stays usable, so clicking elsewhere leaves it open, and Escape
 *   closes it only while focus is inside it.
 *
 * Callers render it while it is open and drop it on `onClose`, as they did their own dialogs.
 * A click outside never closes it: a half-written reason is not lost to a stray click.
 */
export function Dialog({
  label,
  onClose,
  modal = true,
  title,
  titleClassName,
  description,
  descriptionClassName,
  className,
  overlayClassName = 'fixed inset-0 z-40 flex items-center justify-center bg-black/40 p-4',
  form,
  children,
}: {
  /** The accessible name, in plain words (a heading may show richer text). */
  label: string;
  onClose: () => void;
  modal?: boolean;
  title?: ReactNode;
  titleClassName?: string;
  description?: ReactNode;
  descriptionClassName?: string;
  className?: string;
  /** The backdrop of a modal dialog, which also places the panel on the page. */
  overlayClassName?: string;
  /** Make the dialog itself a form, submitted by its submit button or Enter. */
  form?: { onSubmit: (e: React.FormEvent<HTMLFormElement>) => void };
  children?: ReactNode;
}) {
  const content = useRef<HTMLDivElement | null>(null);
  const opener = useRef<HTMLElement | null>(null);
  const body = (
    <>
      {title ? <Primitive.Title className={titleClassName}>{title}</Primitive.Title> : null}
      {description ? (
        <Primitive.Description className={descriptionClassName}>{description}</Primitive.Description>
      ) : null}
      {children}
    </>
  );
  const panel = (
    <Primitive.Content
      ref={content}
      asChild={Boolean(form)}
      aria-label={label}
      // The name is the label as given; a visible heading may hold markers for hidden characters.
      aria-labelledby={undefined}
      className={className}
      onOpenAutoFocus={() => {
        opener.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
      }}
      onCloseAutoFocus={(e) => {
        e.preventDefault();
        if (opener.current?.isConnected) opener.current.focus();
      }}
      onInteractOutside={(e) => e.preventDefault()}
      onEscapeKeyDown={(e) => {
        const focus = document.activeElement;
        // An open list inside (a user picker's matches) takes Escape first: Radix hears the key
        // on the document before the field does.
        if (focus?.closest('[role="combobox"][aria-expanded="true"]')) e.preventDefault();
        else if (!modal && !content.current?.contains(focus)) e.preventDefault();
      }}
    >
      {form ? <form onSubmit={form.onSubmit}>{body}</form> : body}
    </Primitive.Content>
  );
  return (
    <Primitive.Root open modal={modal} onOpenChange={(open) => open || onClose()}>
      {modal ? (
        <Primitive.Portal>
          <Primitive.Overlay className={overlayClassName}>{panel}</Primitive.Overlay>
        </Primitive.Portal>
      ) : (
        panel
      )}
    </Primitive.Root>
  );
}

/** Closes the dialog it is in; wrap a Cancel or Close button with `asChild`. */
export const DialogClose = Primitive.Close;
