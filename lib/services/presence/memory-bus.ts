import { EventEmitter } from 'node:events';
import type { PresenceBus, PresenceBusHandlers, PresenceEvent } from './bus';

/** The embedded default: one process, so the bus is an EventEmitter. Tests pass their own hub. */
export function createMemoryBus(hub: EventEmitter = new EventEmitter()): PresenceBus {
  hub.setMaxListeners(0);
  const mine = new Set<(e: PresenceEvent) => void>();
  return {
    kind: 'memory',
    async publish(e) {
      // Delivered on a later tick, as a database would: no handler runs inside publish().
      queueMicrotask(() => hub.emit('presence', e));
    },
    subscribe(handlers: PresenceBusHandlers) {
      const listener = (e: PresenceEvent) => handlers.event(e);
      hub.on('presence', listener);
      mine.add(listener);
      queueMicrotask(() => handlers.connected());
      return () => {
        hub.off('presence', listener);
        mine.delete(listener);
      };
    },
    async close() {
      for (const l of mine) hub.off('presence', l);
      mine.clear();
    },
  };
}
