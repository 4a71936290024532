// Moved to lib/infra/actions/fields.ts; kept until the queues import it from there (issue 20).
export { durationMinutes } from '@/lib/infra/actions/fields';
