import type { SiteModules } from '@/lib/infra/better-messages/site-modules';

const LABELS: Record<keyof SiteModules, string> = {
  messagesViewer: 'Messages viewer',
  reports: 'Reports',
  premoderation: 'Pre-moderation',
  attachments: 'Attachments',
  guests: 'Guests',
  muteThreads: 'Thread muting',
};

/** Which plugin modules answered: routes vanish from the site when their setting is off. */
export function ModuleList({ modules }: { modules: SiteModules }) {
  return (
    <ul className="mt-2 flex flex-wrap gap-1.5" aria-label="Plugin modules">
      {(Object.keys(LABELS) as (keyof SiteModules)[]).map((key) => (
        <li
          key={key}
          data-module={key}
          data-on={modules[key] ? 'true' : 'false'}
          className={
            modules[key]
              ? 'rounded border border-ok/40 bg-ok-bg px-1.5 py-0.5 text-xs text-ok'
              : 'rounded border border-border px-1.5 py-0.5 text-xs text-muted line-through'
          }
        >
          {LABELS[key]} {modules[key] ? 'on' : 'off'}
        </li>
      ))}
    </ul>
  );
}

/** What a module that is off means for the desk, for the ones moderation depends on. */
export function ModuleNotes({ modules }: { modules: SiteModules }) {
  if (modules.reports) return null;
  return (
    <p className="mt-2 text-xs text-warn" data-testid="module-note-reports">
      Reports are off on this site: members cannot report messages and the Reports queue stays empty. Switch
      on &quot;Allow reports&quot; in Better Messages&apos; settings (it needs &quot;Messages viewer&quot;
      on), or under Plugin settings here once the site is connected.
    </p>
  );
}
