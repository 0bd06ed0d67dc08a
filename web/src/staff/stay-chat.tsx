import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { api, unwrap } from '../api/client';
import { t } from '../i18n';
import { MoodBadge } from './inbox-page';
import { staffKeys, useStaff } from './staff-context';

/** The stay's chat at a glance for the desk: who answers, the guest's mood, unread, and a way into the chat. */
export function StayChat({ stayId }: { stayId: string }) {
  const { propertyId } = useStaff();
  const chat = useQuery({
    queryKey: staffKeys.stayChat(propertyId, stayId),
    queryFn: () => unwrap(api.GET('/api/v1/staff/properties/{propertyId}/stays/{stayId}/concierge', { params: { path: { propertyId, stayId } } })),
  });
  const conversation = chat.data?.conversation;
  if (chat.data === undefined) return null;
  return (
    <p data-testid="stay-chat">
      {t.inbox.stayChat}:{' '}
      {conversation ? (
        <>
          <Link to={`/staff/inbox?chat=${conversation.id}`}>{t.inbox.status[conversation.status]}</Link>
          {conversation.staffUnread > 0 && <span className="badge">{t.inbox.unread(conversation.staffUnread)}</span>}
          <MoodBadge mood={conversation.mood} />
        </>
      ) : (
        t.inbox.stayChatNone
      )}
    </p>
  );
}
