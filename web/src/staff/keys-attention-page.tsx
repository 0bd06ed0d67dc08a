import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import { api, unwrap } from '../api/client';
import { t } from '../i18n';
import { formatDateTime } from '../lib/format';
import { useLiveEvents } from '../lib/live-events';
import { Alert, QueryState } from '../ui/feedback';
import { Page } from '../ui/layout';
import { canHandleKeys, staffKeys, staffStream, useStaff } from './staff-context';
import { StaffTopbar } from './staff-layout';
import { StayCells, StayHeadings } from './stay-cells';

type AttentionEntry = Awaited<ReturnType<typeof fetchAttention>>['keys'][number];

const fetchAttention = (propertyId: string) => unwrap(api.GET('/api/v1/staff/properties/{propertyId}/keys/attention', { params: { path: { propertyId } } }));

/** A key that should be dead and may not be: the provider never confirmed its revocation. */
const unconfirmedRevocation = (entry: AttentionEntry) => entry.key.status === 'revoking';

const useKeysAttention = (propertyId: string, enabled = true) =>
  useQuery({ queryKey: staffKeys.keysAttention(propertyId), queryFn: () => fetchAttention(propertyId), enabled });

/**
 * Mobile keys whose last provider call failed and that are not settled yet, newest first, each
 * opening its stay. Revocations the provider has not confirmed come first, in an alert: a key that
 * should be dead may still open a door.
 */
export function KeysAttentionPage() {
  const { propertyId } = useStaff();
  const queryClient = useQueryClient();
  // Every key change is an event on the property's stream: the list follows them.
  useLiveEvents({
    enabled: true,
    key: `keys-attention:${propertyId}`,
    ...staffStream(propertyId),
    onEvent: (type) => {
      if (type === 'resync' || type.startsWith('key.')) void queryClient.invalidateQueries({ queryKey: staffKeys.keysAttention(propertyId) });
    },
  });
  const attention = useKeysAttention(propertyId);
  return (
    <Page title={t.keysAttention.title} topbar={<StaffTopbar />}>
      <h1>{t.keysAttention.title}</h1>
      <p>{t.keysAttention.intro}</p>
      <QueryState query={attention}>
        {({ keys }) => {
          const unconfirmed = keys.filter(unconfirmedRevocation);
          return (
            <>
              {unconfirmed.length > 0 && (
                <Alert kind="error">
                  <p>
                    <strong>{t.keysAttention.unconfirmedTitle(unconfirmed.length)}</strong>
                  </p>
                  <p>{t.keysAttention.unconfirmed}</p>
                </Alert>
              )}
              <section className="card" aria-live="polite">
                {keys.length === 0 ? (
                  <p>{t.keysAttention.empty}</p>
                ) : (
                  <div className="table-wrap">
                    <table className="cards">
                      <thead>
                        <tr>
                          <StayHeadings />
                          <th scope="col">{t.keysAttention.key}</th>
                          <th scope="col">{t.keysAttention.problem}</th>
                        </tr>
                      </thead>
                      <tbody>
                        {[...unconfirmed, ...keys.filter((entry) => !unconfirmedRevocation(entry))].map((entry) => (
                          <KeyRow key={entry.key.id} entry={entry} />
                        ))}
                      </tbody>
                    </table>
                  </div>
                )}
              </section>
            </>
          );
        }}
      </QueryState>
    </Page>
  );
}

function KeyRow({ entry }: { entry: AttentionEntry }) {
  const { key, stay, guest } = entry;
  const unconfirmed = unconfirmedRevocation(entry);
  return (
    <tr data-status={key.status} className={unconfirmed ? 'alarm' : undefined}>
      <StayCells stayId={stay.id} firstName={guest.firstName} lastName={guest.lastName} confirmationNumber={stay.confirmationNumber} arrivalDate={stay.arrivalDate} departureDate={stay.departureDate} />
      <td data-label={t.keysAttention.key}>
        {t.keys.key(key.generation)} · {t.keys.room(key.room)} <span className="badge bad">{unconfirmed ? t.keysAttention.unconfirmedRow : t.keys.status[key.status]}</span>
      </td>
      <td data-label={t.keysAttention.problem}>
        <span className="error-text">{t.keys.failing(key.failedAttempts, key.lastError ?? '')}</span> <span className="when">{formatDateTime(String(key.updatedAt))}</span>
      </td>
    </tr>
  );
}

/**
 * The stays page's way to the list: always a link for the front office, loud when a revocation
 * is not confirmed.
 */
export function KeysAttentionLink() {
  const { me, propertyId } = useStaff();
  const allowed = canHandleKeys(me);
  const attention = useKeysAttention(propertyId, allowed);
  if (!allowed) return null;
  const keys = attention.data?.keys ?? [];
  const unconfirmed = keys.filter(unconfirmedRevocation).length;
  const link = (
    <Link to="/staff/keys-attention">
      {t.keysAttention.nav}
      {keys.length > 0 && ` (${keys.length})`}
    </Link>
  );
  return unconfirmed > 0 ? (
    <Alert kind="error">
      <p>
        <strong>{t.keysAttention.unconfirmedTitle(unconfirmed)}</strong> {link}
      </p>
    </Alert>
  ) : (
    <p>{link}</p>
  );
}
