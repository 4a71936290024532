'use client';

import { inputClass } from '@/components/ui/field';
import type { RuleLeaf } from '@/lib/services/rules/tree';

/** A new condition of each type, with its fields at sensible starting values. */
export function newLeaf(type: RuleLeaf['type']): RuleLeaf {
  switch (type) {
    case 'words':
      return { type, words: [], obfuscation: true };
    case 'regex':
      return { type, pattern: '', caseSensitive: false };
    case 'domain-outside':
      return { type, allow: [] };
    case 'account-younger':
      return { type, days: 7 };
    case 'few-messages':
      return { type, count: 3 };
    case 'spam-wave':
      return { type, threads: 5, minutes: 10 };
    case 'flood':
      return { type, messages: 10, seconds: 60 };
    case 'reports':
      return { type, count: 2 };
    case 'ai-flag':
      return { type };
    case 'thread-type':
      return { type, types: ['group'] };
    case 'attachment':
      return { type, kinds: ['image'] };
    default:
      return { type } as RuleLeaf;
  }
}

const num = (v: string) => (v === '' ? Number.NaN : Number(v));
const shown = (n: number) => (Number.isFinite(n) ? n : '');

function NumberField({
  id,
  label,
  value,
  onChange,
  unit,
}: {
  id: string;
  label: string;
  value: number;
  onChange: (n: number) => void;
  unit?: string;
}) {
  return (
    <label htmlFor={id} className="flex items-center gap-1.5 text-xs">
      <span>{label}</span>
      <input
        id={id}
        type="number"
        min={1}
        className={`${inputClass} w-24`}
        value={shown(value)}
        onChange={(e) => onChange(num(e.target.value))}
      />
      {unit ? <span className="text-muted">{unit}</span> : null}
    </label>
  );
}

function Checks<T extends string>({
  id,
  legend,
  options,
  value,
  onChange,
}: {
  id: string;
  legend: string;
  options: readonly T[];
  value: T[];
  onChange: (v: T[]) => void;
}) {
  return (
    <fieldset className="flex flex-wrap items-center gap-3 text-xs">
      <legend className="sr-only">{legend}</legend>
      {options.map((o) => (
        <label key={o} className="flex items-center gap-1" htmlFor={`${id}-${o}`}>
          <input
            id={`${id}-${o}`}
            type="checkbox"
            checked={value.includes(o)}
            onChange={(e) => onChange(e.target.checked ? [...value, o] : value.filter((x) => x !== o))}
          />
          {o}
        </label>
      ))}
    </fieldset>
  );
}

/** Lines of a textarea kept as typed (empty lines too) while editing; cleaned when saved. */
const lines = (v: string) => v.split('\n');

/** The fields of one condition, labelled for screen readers by the condition's own id. */
export function LeafFields({
  id,
  leaf,
  onChange,
}: {
  id: string;
  leaf: RuleLeaf;
  onChange: (l: RuleLeaf) => void;
}) {
  switch (leaf.type) {
    case 'words':
      return (
        <div className="space-y-1">
          <label htmlFor={`${id}-words`} className="block text-xs text-muted">
            Words or phrases, one per line
          </label>
          <textarea
            id={`${id}-words`}
            rows={3}
            className={`${inputClass} h-auto py-1`}
            value={leaf.words.join('\n')}
            onChange={(e) => onChange({ ...leaf, words: lines(e.target.value) })}
          />
          <label htmlFor={`${id}-obf`} className="flex items-center gap-1 text-xs">
            <input
              id={`${id}-obf`}
              type="checkbox"
              checked={leaf.obfuscation ?? true}
              onChange={(e) => onChange({ ...leaf, obfuscation: e.target.checked })}
            />
            Also when disguised (look-alike letters, 1337 spelling, repeated letters)
          </label>
        </div>
      );
    case 'regex':
      return (
        <div className="space-y-1">
          <label htmlFor={`${id}-pattern`} className="block text-xs text-muted">
            Regular expression (RE2 syntax: no backreferences or lookarounds)
          </label>
          <input
            id={`${id}-pattern`}
            className={`${inputClass} font-mono`}
            value={leaf.pattern}
            onChange={(e) => onChange({ ...leaf, pattern: e.target.value })}
          />
          <label htmlFor={`${id}-case`} className="flex items-center gap-1 text-xs">
            <input
              id={`${id}-case`}
              type="checkbox"
              checked={leaf.caseSensitive ?? false}
              onChange={(e) => onChange({ ...leaf, caseSensitive: e.target.checked })}
            />
            Case-sensitive
          </label>
        </div>
      );
    case 'domain-outside':
      return (
        <div className="space-y-1">
          <label htmlFor={`${id}-allow`} className="block text-xs text-muted">
            Allowed domains, one per line (their subdomains too)
          </label>
          <textarea
            id={`${id}-allow`}
            rows={3}
            className={`${inputClass} h-auto py-1`}
            value={leaf.allow.join('\n')}
            onChange={(e) => onChange({ ...leaf, allow: lines(e.target.value) })}
          />
        </div>
      );
    case 'account-younger':
      return (
        <NumberField
          id={`${id}-days`}
          label="Days"
          value={leaf.days}
          onChange={(days) => onChange({ ...leaf, days })}
        />
      );
    case 'few-messages':
      return (
        <NumberField
          id={`${id}-count`}
          label="Messages"
          value={leaf.count}
          onChange={(count) => onChange({ ...leaf, count })}
        />
      );
    case 'spam-wave':
      return (
        <div className="flex flex-wrap gap-3">
          <NumberField
            id={`${id}-threads`}
            label="In at least"
            unit="threads"
            value={leaf.threads}
            onChange={(threads) => onChange({ ...leaf, threads })}
          />
          <NumberField
            id={`${id}-minutes`}
            label="Within"
            unit="minutes"
            value={leaf.minutes}
            onChange={(minutes) => onChange({ ...leaf, minutes })}
          />
        </div>
      );
    case 'flood':
      return (
        <div className="flex flex-wrap gap-3">
          <NumberField
            id={`${id}-messages`}
            label="More than"
            unit="messages"
            value={leaf.messages}
            onChange={(messages) => onChange({ ...leaf, messages })}
          />
          <NumberField
            id={`${id}-seconds`}
            label="Within"
            unit="seconds"
            value={leaf.seconds}
            onChange={(seconds) => onChange({ ...leaf, seconds })}
          />
        </div>
      );
    case 'reports':
      return (
        <NumberField
          id={`${id}-reports`}
          label="At least"
          unit="distinct reporters"
          value={leaf.count}
          onChange={(count) => onChange({ ...leaf, count })}
        />
      );
    case 'ai-flag':
      return (
        <label htmlFor={`${id}-category`} className="flex items-center gap-1.5 text-xs">
          <span>Category (optional)</span>
          <input
            id={`${id}-category`}
            className={`${inputClass} w-48`}
            value={leaf.category ?? ''}
            onChange={(e) =>
              onChange({ type: 'ai-flag', ...(e.target.value ? { category: e.target.value } : {}) })
            }
          />
        </label>
      );
    case 'thread-type':
      return (
        <div className="flex flex-col gap-1">
          <Checks
            id={`${id}-types`}
            legend="Thread types"
            options={['thread', 'group', 'chat-room', 'course'] as const}
            value={leaf.types}
            onChange={(types) => onChange({ ...leaf, types })}
          />
          <p className="text-xs text-muted">
            A thread whose details BM Desk has not read yet has no type: neither this test nor its “Not”
            matches there.
          </p>
        </div>
      );
    case 'attachment':
      return (
        <Checks
          id={`${id}-kinds`}
          legend="Attachment kinds"
          options={['image', 'video', 'audio', 'file'] as const}
          value={leaf.kinds}
          onChange={(kinds) => onChange({ ...leaf, kinds })}
        />
      );
    default:
      return null;
  }
}
