// Moved to components/ui/duration-picker.tsx; kept until the queues import it from there (issue 20).
export { DURATIONS } from '@/components/ui/duration-picker';
