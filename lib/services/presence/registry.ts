import crypto from 'node:crypto';
import type { PresenceBus, PresenceEvent } from './bus';
import { PRESENCE_TTL_MS, type PresenceOther, type PresenceState } from './topics';

type Entry = {
  topic: string;
  pid: string;
  client: string;
  memberId: number;
  name: string;
  state: PresenceState;
  expiresAt: number;
  /** Order of the tab's own announcements, where it sends one; an older one never wins. */
  seq?: number;
};

export type Announce = {
  topic: string;
  client: string;
  memberId: number;
  name: string;
  state: PresenceState;
  seq?: number;
};

type Options = { ttlMs?: number; sweepMs?: number; processId?: string; now?: () => number };

const STATE_RANK: Record<PresenceState, number> = { viewing: 0, replying: 1 };

/**
 * Who is on which topic, as this process knows it: its own entries (announced by the tabs
 * whose requests land here) merged with every other process's, heard on the bus. Each entry
 * lives `ttl` ms past its last heartbeat, so a tab that closed without a word, or a process
 * that died, disappears on its own.
 */
export class PresenceRegistry {
  readonly processId: string;
  private readonly entries = new Map<string, Entry>();
  private readonly watchers = new Map<string, Set<(topic: string) => void>>();
  private readonly ttl: number;
  private readonly sweepMs: number;
  private readonly now: () => number;
  private unsubscribe: (() => void) | undefined;
  private sweeper: NodeJS.Timeout | undefined;

  constructor(
    private readonly bus: PresenceBus,
    options: Options = {},
  ) {
    this.ttl = options.ttlMs ?? PRESENCE_TTL_MS;
    this.sweepMs = options.sweepMs ?? 1_000;
    this.now = options.now ?? Date.now;
    this.processId = options.processId ?? crypto.randomUUID();
  }

  start(): this {
    if (this.unsubscribe) return this;
    this.unsubscribe = this.bus.subscribe({
      event: (e) => this.receive(e),
      // (Re)joined: what others hold may have changed unheard, and they may have missed ours.
      connected: () => {
        void this.bus.publish({ t: 'hello', pid: this.processId });
        this.republish();
      },
    });
    this.sweeper = setInterval(() => this.sweep(), this.sweepMs);
    this.sweeper.unref();
    return this;
  }

  /** Says goodbye for this process's tabs, so others need not wait for the expiry. */
  async stop(): Promise<void> {
    clearInterval(this.sweeper);
    const mine = [...this.entries.values()].filter((e) => e.pid === this.processId);
    await Promise.all(
      mine.map((e) => this.bus.publish({ t: 'leave', pid: e.pid, topic: e.topic, client: e.client })),
    );
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    this.entries.clear();
  }

  /** A heartbeat from one of this process's tabs. */
  announce(a: Announce): void {
    const before = this.entries.get(key(this.processId, a.client, a.topic));
    if (before && before.memberId !== a.memberId) return;
    // Two requests of one tab may overtake each other: 'replying' must not outlive a later 'viewing'.
    if (before?.seq !== undefined && a.seq !== undefined && a.seq < before.seq) return;
    const seq = a.seq ?? before?.seq;
    this.put({ ...a, seq, pid: this.processId, expiresAt: this.now() + this.ttl });
    const { topic, client, memberId, name, state } = a;
    void this.bus.publish({
      t: 'beat',
      pid: this.processId,
      topic,
      client,
      memberId,
      name,
      state,
      ttl: this.ttl,
    });
  }

  /** Beats again for an entry this process holds, in its current state; false if it holds none. */
  refresh(topic: string, client: string): boolean {
    const entry = this.entries.get(key(this.processId, client, topic));
    if (!entry || entry.expiresAt <= this.now()) return false;
    const { memberId, name, state, seq } = entry;
    this.announce({ topic, client, memberId, name, state, seq });
    return true;
  }

  /** The tab left the topic; only its own member can take its entry away. */
  leave(topic: string, client: string, memberId: number): void {
    const k = key(this.processId, client, topic);
    const entry = this.entries.get(k);
    if (!entry || entry.memberId !== memberId) return;
    this.remove(k);
    void this.bus.publish({ t: 'leave', pid: this.processId, topic, client });
  }

  /** Everyone on the topic but `exceptMemberId`, one row per member, the busiest state winning. */
  others(topic: string, exceptMemberId?: number): PresenceOther[] {
    const now = this.now();
    const byMember = new Map<number, PresenceOther>();
    for (const e of this.entries.values()) {
      if (e.topic !== topic || e.expiresAt <= now || e.memberId === exceptMemberId) continue;
      const seen = byMember.get(e.memberId);
      if (!seen || STATE_RANK[e.state] > STATE_RANK[seen.state]) {
        byMember.set(e.memberId, { memberId: e.memberId, name: e.name, state: e.state });
      }
    }
    return [...byMember.values()].sort((a, b) => a.name.localeCompare(b.name) || a.memberId - b.memberId);
  }

  /** Calls `onChange(topic)` whenever someone arrives on, changes state on, or leaves a topic. */
  watch(topics: readonly string[], onChange: (topic: string) => void): () => void {
    for (const t of topics) {
      let set = this.watchers.get(t);
      if (!set) this.watchers.set(t, (set = new Set()));
      set.add(onChange);
    }
    return () => {
      for (const t of topics) {
        const set = this.watchers.get(t);
        set?.delete(onChange);
        if (set?.size === 0) this.watchers.delete(t);
      }
    };
  }

  private receive(e: PresenceEvent): void {
    if (e.pid === this.processId) return;
    if (e.t === 'hello') return this.republish();
    const k = key(e.pid, e.client, e.topic);
    if (e.t === 'leave') return this.remove(k);
    this.put({
      topic: e.topic,
      pid: e.pid,
      client: e.client,
      memberId: e.memberId,
      name: e.name,
      state: e.state,
      expiresAt: this.now() + e.ttl,
    });
  }

  private republish(): void {
    const now = this.now();
    for (const e of this.entries.values()) {
      if (e.pid !== this.processId || e.expiresAt <= now) continue;
      const { topic, client, memberId, name, state } = e;
      void this.bus.publish({
        t: 'beat',
        pid: e.pid,
        topic,
        client,
        memberId,
        name,
        state,
        ttl: e.expiresAt - now,
      });
    }
  }

  private put(entry: Entry): void {
    const k = key(entry.pid, entry.client, entry.topic);
    const before = this.entries.get(k);
    this.entries.set(k, entry);
    if (
      !before ||
      before.state !== entry.state ||
      before.name !== entry.name ||
      before.expiresAt <= this.now()
    ) {
      this.changed(entry.topic);
    }
  }

  private remove(k: string): void {
    const entry = this.entries.get(k);
    if (!entry) return;
    this.entries.delete(k);
    this.changed(entry.topic);
  }

  private sweep(): void {
    const now = this.now();
    const topics = new Set<string>();
    for (const [k, e] of this.entries) {
      if (e.expiresAt > now) continue;
      this.entries.delete(k);
      topics.add(e.topic);
    }
    for (const t of topics) this.changed(t);
  }

  private changed(topic: string): void {
    const set = this.watchers.get(topic);
    if (!set) return;
    for (const fn of [...set]) fn(topic);
  }
}

function key(pid: string, client: string, topic: string): string {
  return `${pid}\n${client}\n${topic}`;
}
