/**
 * The registry of durable job kinds: the name stored in `jobs.kind` → how to run its items.
 * Add a kind by importing it and adding one line to KINDS.
 */
import 'server-only';
import type { JobKind } from '../kind';
import { filesBulkKind } from './files-bulk';
import { messagesBulkKind } from './messages-bulk';
import { queueBulkKind } from './queue-bulk';
import { restrictEverywhereKind } from './restrict-everywhere';
import { threadBulkKind } from './thread-bulk';
import { triageBulkKind } from './triage-bulk';
import { userMessagesKind } from './user-messages';

// Each kind has its own params type; the runner only hands a kind the params it parsed itself.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyJobKind = JobKind<any>;

const KINDS: readonly AnyJobKind[] = [
  restrictEverywhereKind,
  threadBulkKind,
  filesBulkKind,
  userMessagesKind,
  triageBulkKind,
  queueBulkKind,
  messagesBulkKind,
];

const BY_NAME = new Map<string, AnyJobKind>(KINDS.map((k) => [k.kind, k]));

export function jobKind(name: string): AnyJobKind | undefined {
  return BY_NAME.get(name);
}

export function jobKindNames(): string[] {
  return [...BY_NAME.keys()];
}
