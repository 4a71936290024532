'use client';

import { Eye, EyeOff, Palette } from 'lucide-react';
import { useEffect, useRef, useState, type ComponentProps, type ReactNode, type RefObject } from 'react';
import { cn } from '@/components/ui/cn';
import { useKeys } from '@/components/ui/use-keys';
import { revealHiddenText } from '@/lib/infra/content/hidden-characters';
import type { ExposureRef } from '@/lib/services/care/kinds';
import { useMediaCare } from './media-care';

export type MediaKind = 'image' | 'video' | 'audio';

/** Marks a cover button, so a desk's key can reveal the media of the item it has selected. */
const COVER_ATTR = 'data-media-cover';

/**
 * Every image, video and audio file a desk shows, with care for the member who looks at it:
 *
 * - Covered (blurred) until revealed, one item at a time, when the member blurs media (the
 *   default) or when the picture matches an image removed before (then even with blurring off).
 *   The cover is a button ("Show image: name"): a click, Enter or Space reveals it; a desk can
 *   add a key of its own with useRevealKey.
 * - Greyscale while the member keeps greyscale on (the default), covered or not, until "Show
 *   colours" on that one item.
 * - Covered and grey again as soon as the member leaves the item: it scrolls out of view, or it
 *   unmounts (another item selected, the detail closed).
 * - Video never plays by itself: no autoplay, metadata only, muted, with controls. Audio is muted.
 * - Revealing a reported or flagged item (`exposure`) counts towards today's exposure count;
 *   with blurring off, such an item counts when it first shows in view.
 */
export function ProtectedMedia({
  kind,
  src,
  thumbSrc,
  name,
  siteSlug,
  exposure,
  matchesRemoved,
  deferImage = false,
  boxClassName,
  caption,
  ...rest
}: {
  kind: MediaKind;
  /** The file itself, from BM Desk's own file route. */
  src: string;
  /** A smaller picture for images. */
  thumbSrc?: string;
  /** The file's name as sent (a stranger's text): only ever rendered as text. */
  name: string;
  siteSlug: string;
  /** Set when the item is reported or flagged: revealing it counts towards today's exposures. */
  exposure?: ExposureRef | null;
  /** The picture matches an image removed before: said on the cover, and never shown unasked. */
  matchesRemoved?: { id: number };
  /** While a grid scrolls fast, nothing is requested. */
  deferImage?: boolean;
  /** Size of the picture's box. */
  boxClassName?: string;
  caption?: (state: { hidden: boolean }) => ReactNode;
} & Omit<ComponentProps<'figure'>, 'children' | 'ref'>) {
  const { settings, record } = useMediaCare();
  const root = useRef<HTMLElement>(null);
  const cover = useRef<HTMLButtonElement>(null);
  const hide = useRef<HTMLButtonElement>(null);
  const [revealed, setRevealed] = useState(false);
  const [colour, setColour] = useState(false);
  const [inView, setInView] = useState(false);
  const moveFocus = useRef<'cover' | 'hide' | null>(null);
  const counted = useRef(false);

  const visual = kind !== 'audio';
  const covers = visual && (settings.blurImages || matchesRemoved !== undefined);
  const hidden = covers && !revealed;
  const grey = visual && settings.greyscaleMedia && !colour;
  const label = revealHiddenText(name);
  const noun = kind === 'video' ? 'video' : 'image';

  // Leaving the item (it scrolls out of view) covers it and greys it again.
  useEffect(() => {
    const el = root.current;
    if (!el || !visual || typeof IntersectionObserver === 'undefined') return;
    const io = new IntersectionObserver(([entry]) => {
      const seen = Boolean(entry?.isIntersecting);
      setInView(seen);
      if (!seen) {
        setRevealed(false);
        setColour(false);
      }
    });
    io.observe(el);
    return () => io.disconnect();
  }, [visual]);

  // A reported or flagged item counts once it is visible: revealed, or shown uncovered in view.
  useEffect(() => {
    if (!exposure || counted.current || hidden || !inView || deferImage || !visual) return;
    counted.current = true;
    record(siteSlug, exposure);
  }, [exposure, hidden, inView, deferImage, visual, record, siteSlug]);

  // Keyboard users keep their place: the cover's button becomes "Hide", and back.
  useEffect(() => {
    const target =
      moveFocus.current === 'hide' ? hide.current : moveFocus.current === 'cover' ? cover.current : null;
    moveFocus.current = null;
    target?.focus();
  }, [hidden]);

  const mediaClass = cn(hidden && 'scale-110 blur-xl', grey && 'grayscale');
  const media =
    kind === 'image' ? (
      deferImage ? null : (
        // eslint-disable-next-line @next/next/no-img-element -- bytes come from our own safe route
        <img
          src={thumbSrc ?? src}
          alt={hidden ? `Blurred image ${label}` : label}
          loading="lazy"
          decoding="async"
          data-testid="file-thumb"
          className={cn('h-full w-full object-cover', mediaClass)}
        />
      )
    ) : kind === 'video' ? (
      <video
        controls
        muted
        playsInline
        preload="metadata"
        src={src}
        aria-label={label}
        data-testid="file-video"
        // Covered, the player cannot be reached or started from behind the cover.
        inert={hidden}
        className={cn('h-full w-full bg-black', mediaClass)}
      />
    ) : (
      <audio
        controls
        muted
        preload="none"
        src={src}
        aria-label={label}
        data-testid="file-audio"
        className="w-full"
      />
    );

  return (
    <figure
      ref={root}
      data-testid="protected-media"
      data-blurred={visual ? String(hidden) : undefined}
      data-greyscale={visual ? String(grey) : undefined}
      {...rest}
    >
      {visual ? (
        <div className={cn('relative overflow-hidden rounded bg-surface-2', boxClassName)}>
          {media}
          {hidden ? (
            <button
              ref={cover}
              type="button"
              {...{ [COVER_ATTR]: '' }}
              onClick={() => {
                moveFocus.current = document.activeElement === cover.current ? 'hide' : null;
                setRevealed(true);
              }}
              className="absolute inset-0 flex flex-col items-center justify-center gap-1 bg-black/40 p-1 text-center font-medium text-white"
              aria-label={`Show ${noun}: ${label}${matchesRemoved ? ` (matches removed image #${matchesRemoved.id})` : ''}`}
            >
              <span className="flex items-center gap-1">
                <EyeOff size={14} aria-hidden /> Show {noun}
              </span>
            </button>
          ) : null}
          {hidden && matchesRemoved ? (
            // Beside the cover, not in it: the cover's visible words stay the start of its name
            // (which says the match too), and the badge keeps its own contrast on any picture.
            <span
              className="pointer-events-none absolute inset-x-1 bottom-1 rounded bg-danger-bg px-1 text-center text-[11px] text-danger"
              data-testid="matches-removed"
            >
              Matches removed image #{matchesRemoved.id}
            </span>
          ) : null}
          {hidden ? null : covers || grey ? (
            <div className="absolute top-1 right-1 flex gap-1">
              {covers ? (
                <button
                  ref={hide}
                  type="button"
                  onClick={() => {
                    moveFocus.current = 'cover';
                    setRevealed(false);
                    setColour(false);
                  }}
                  className="rounded bg-black/60 p-1 text-white"
                  aria-label={`Hide ${noun}: ${label}`}
                  title={`Hide ${noun}`}
                >
                  <Eye size={12} aria-hidden />
                </button>
              ) : null}
              {grey ? (
                <button
                  type="button"
                  onClick={() => setColour(true)}
                  className="rounded bg-black/60 p-1 text-white"
                  aria-label={`Show colours: ${label}`}
                  title="Show colours"
                >
                  <Palette size={12} aria-hidden />
                </button>
              ) : null}
            </div>
          ) : null}
        </div>
      ) : (
        media
      )}
      {caption?.({ hidden })}
    </figure>
  );
}

/** Reveals the first covered image or video inside `container` (a desk's selected item). */
export function revealMediaIn(container: Element | null): boolean {
  const button = container?.querySelector<HTMLButtonElement>(`[${COVER_ATTR}]`);
  button?.click();
  return Boolean(button);
}

/**
 * A desk's own reveal key (default `v`) for the item it shows: each press reveals the next
 * covered image or video inside `container`. Never while typing in a field.
 */
export function useRevealKey(container: RefObject<Element | null>, key = 'v', enabled = true) {
  useKeys({ [key]: () => revealMediaIn(container.current) }, enabled);
}
