'use client';

import { FilterSelect } from '@/components/data-table/filters';
import { useUrlState } from '@/components/data-table/use-url-state';
import { inputClass } from '@/components/ui/field';
import { UserPicker } from '@/components/users/user-picker';
import { AGE_OPTIONS, REPORT_CATEGORIES, type QueueSearch } from '@/lib/services/queues/search-params';
import { CsvDownloadLink } from '@/components/data-table/csv-download-link';

export function QueueFilters({
  kind,
  siteId,
  search,
  senderName,
}: {
  kind: 'report' | 'pending';
  siteId: number;
  search: QueueSearch;
  senderName?: string;
}) {
  const { set } = useUrlState();
  const select = (label: string, key: keyof QueueSearch, options: [string, string][]) => (
    <FilterSelect
      label={label}
      value={search[key] as string | number | undefined}
      options={options}
      onChange={(v) => set({ [key]: v || null, item: null })}
    />
  );
  return (
    <div className="flex flex-wrap items-end gap-3" role="search" aria-label="Filter the queue">
      {kind === 'report'
        ? select(
            'Category',
            'category',
            REPORT_CATEGORIES.map((c) => [c, c]),
          )
        : null}
      {kind === 'report'
        ? select('Flagged by', 'source', [
            ['users', 'Users'],
            ['ai', 'AI moderation'],
          ])
        : null}
      <div className="space-y-1">
        <span className="block text-xs text-muted">Sender</span>
        <UserPicker
          siteId={siteId}
          label="Sender"
          selected={
            search.sender !== undefined
              ? { id: search.sender, name: senderName ?? `#${search.sender}` }
              : null
          }
          onChange={(u) => set({ sender: u?.id ?? null, item: null })}
        />
      </div>
      {select('Thread type', 'type', [
        ['thread', 'Private & group'],
        ['group', 'Group chats'],
        ['chat-room', 'Chat rooms'],
      ])}
      {select(
        'Age',
        'age',
        AGE_OPTIONS.map((a) => [String(a.hours), a.label]),
      )}
      <label className="space-y-1">
        <span className="block text-xs text-muted">Order</span>
        <select
          aria-label="Order"
          value={`${search.sort}.${search.dir}`}
          onChange={(e) => {
            const [sort, dir] = e.target.value.split('.');
            set({ sort, dir, item: null });
          }}
          className={inputClass + ' w-44'}
        >
          <option value="age.asc">Oldest first</option>
          <option value="age.desc">Newest first</option>
          {kind === 'report' ? <option value="reports.desc">Most reports first</option> : null}
        </select>
      </label>
      <CsvDownloadLink search={search} />
    </div>
  );
}
