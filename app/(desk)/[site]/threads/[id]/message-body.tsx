// Moved to components/messages/message-body.tsx; kept until the queues import it from there (issue 20).
export { MessageBody } from '@/components/messages/message-body';
