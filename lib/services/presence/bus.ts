import { z } from 'zod';
import { PRESENCE_STATES, type PresenceState } from './topics';

/**
 * What processes tell each other about presence. Kept small: a PostgreSQL NOTIFY payload
 * must stay under 8000 bytes, and a heartbeat goes out every few seconds per open tab.
 */
export type PresenceEvent =
  | {
      t: 'beat';
      /** Process that holds the entry (its tab's requests land there). */
      pid: string;
      topic: string;
      /** One browser tab's hook: a member may have several, in one or many processes. */
      client: string;
      memberId: number;
      name: string;
      state: PresenceState;
      /** How long the receiver keeps the entry without another beat, ms (its own clock). */
      ttl: number;
    }
  | { t: 'leave'; pid: string; topic: string; client: string }
  /** A process (re)joined the bus: everyone re-sends what they hold, so it need not wait for beats. */
  | { t: 'hello'; pid: string };

export type PresenceBusHandlers = {
  event(e: PresenceEvent): void;
  /** Called once the bus can deliver, and again after every reconnect (events may have been lost). */
  connected(): void;
};

/** One interface, two transports: in-process (EventEmitter) or PostgreSQL LISTEN/NOTIFY. */
export interface PresenceBus {
  readonly kind: 'memory' | 'postgres';
  /** Best effort: never rejects; an event lost while disconnected is repaired by the next beat. */
  publish(e: PresenceEvent): Promise<void>;
  subscribe(handlers: PresenceBusHandlers): () => void;
  close(): Promise<void>;
}

const Short = z.string().min(1).max(200);

/** Payloads from the database channel are checked: anyone with the database URL can NOTIFY. */
export const PresenceEventSchema = z.discriminatedUnion('t', [
  z.object({
    t: z.literal('beat'),
    pid: Short,
    topic: Short,
    client: Short,
    memberId: z.number().int().positive(),
    name: z.string().max(200),
    state: z.enum(PRESENCE_STATES as [PresenceState, ...PresenceState[]]),
    ttl: z.number().int().positive().max(120_000),
  }),
  z.object({ t: z.literal('leave'), pid: Short, topic: Short, client: Short }),
  z.object({ t: z.literal('hello'), pid: Short }),
]);
