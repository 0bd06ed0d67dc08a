import { useQuery } from '@tanstack/react-query';
import { api, unwrap, type Notification } from '../api/client';
import { t } from '../i18n';
import { formatDateTime } from '../lib/format';
import { QueryState } from '../ui/feedback';
import { staffKeys, useStaff } from './staff-context';

const statusBadge: Record<Notification['status'], string> = { queued: 'badge', sending: 'badge', sent: 'badge ok', failed: 'badge bad' };

/** While a message waits for the worker, how often to look again (the worker sends no event when it is done). */
const PENDING_REFRESH_MS = 10_000;

/** Every message sent about this stay (to the guest, and to staff about the guest's requests), with its channel and state. */
export function StayNotifications({ stayId }: { stayId: string }) {
  const { propertyId } = useStaff();
  const notifications = useQuery({
    queryKey: staffKeys.stayNotifications(propertyId, stayId),
    queryFn: () => unwrap(api.GET('/api/v1/staff/properties/{propertyId}/stays/{stayId}/notifications', { params: { path: { propertyId, stayId } } })),
    refetchInterval: (query) =>
      query.state.data?.notifications.some((notification) => notification.status === 'queued' || notification.status === 'sending') ? PENDING_REFRESH_MS : false,
  });

  return (
    <section className="card" aria-labelledby="notifications-heading">
      <h2 id="notifications-heading">{t.notifications.title}</h2>
      <QueryState query={notifications}>
        {({ notifications: list }) =>
          list.length === 0 ? (
            <p>{t.notifications.none}</p>
          ) : (
            <ul className="lines" aria-label={t.notifications.title}>
              {list.map((notification) => (
                <li key={notification.id} data-status={notification.status}>
                  <span className="what">
                    <strong>{t.notifications.types[notification.type] ?? notification.type}</strong>
                    <span className="badge">{t.notifications.channels[notification.channel]}</span>
                    <span className={statusBadge[notification.status]}>{t.notifications.status[notification.status]}</span>
                    <span className="when">
                      {notification.recipient} ·{' '}
                      {notification.sentAt ? t.notifications.sentAt(formatDateTime(notification.sentAt)) : t.notifications.queuedAt(formatDateTime(notification.createdAt))}
                      {notification.attempts > 1 && ` · ${t.notifications.attempts(notification.attempts)}`}
                      {notification.status !== 'sent' && notification.lastError && ` · ${notification.lastError}`}
                    </span>
                  </span>
                </li>
              ))}
            </ul>
          )
        }
      </QueryState>
    </section>
  );
}
