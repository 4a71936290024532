// Moved to components/users/user-picker.tsx; kept until the queues import it from there (issue 20).
export { UserPicker } from '@/components/users/user-picker';
