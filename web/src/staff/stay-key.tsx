import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap, type Stay } from '../api/client';
import { t } from '../i18n';
import { formatDateTime } from '../lib/format';
import { ErrorAlert, QueryState } from '../ui/feedback';
import { Button } from '../ui/form';
import { staffKeys, useStaff } from './staff-context';

/**
 * The stay's mobile keys, newest first, with what is failing and being retried, and Reissue /
 * Revoke. The provider is called by a job: the list shows the intent at once and the outcome
 * when it arrives (live events refresh it).
 */
export function StayKey({ stay }: { stay: Stay }) {
  const { propertyId } = useStaff();
  const queryClient = useQueryClient();
  const path = { propertyId, stayId: stay.id };
  const keys = useQuery({
    queryKey: staffKeys.key(propertyId, stay.id),
    queryFn: () => unwrap(api.GET('/api/v1/staff/properties/{propertyId}/stays/{stayId}/key', { params: { path } })),
    retry: false,
  });
  const act = useMutation({
    mutationFn: (action: 'reissue' | 'revoke') =>
      action === 'reissue'
        ? unwrap(api.POST('/api/v1/staff/properties/{propertyId}/stays/{stayId}/key/reissue', { params: { path } }))
        : unwrap(api.POST('/api/v1/staff/properties/{propertyId}/stays/{stayId}/key/revoke', { params: { path } })),
    onSuccess: (data) => queryClient.setQueryData(staffKeys.key(propertyId, stay.id), data),
  });
  if (keys.data && !keys.data.capabilities.issuesKeys) return null;
  const live = keys.data?.keys.find((key) => ['issuing', 'pending', 'issued'].includes(key.status));

  return (
    <section aria-labelledby="key-heading" data-testid="staff-mobile-key">
      <h3 id="key-heading">{t.keys.title}</h3>
      {act.error && <ErrorAlert error={act.error} />}
      <QueryState query={keys}>
        {(data) =>
          data.keys.length === 0 ? (
            <p>{t.keys.none}</p>
          ) : (
            <ul className="lines" aria-label={t.keys.title}>
              {data.keys.map((key) => (
                <li key={key.id} data-status={key.status}>
                  <span className="what">
                    {t.keys.key(key.generation)} · {t.keys.room(key.room)} · {t.keys.until(formatDateTime(String(key.validUntil)))}
                    <span className={key.status === 'issued' ? 'badge ok' : key.lastError || key.status === 'failed' ? 'badge bad' : 'badge'}>{t.keys.status[key.status]}</span>
                    {key.revokeReason && ` ${t.keys.reason(key.revokeReason)}`}
                  </span>
                  {key.lastError && <span className="error-text">{t.keys.failing(key.failedAttempts, key.lastError)}</span>}
                </li>
              ))}
            </ul>
          )
        }
      </QueryState>
      <div className="actions">
        {stay.status === 'checked_in' && stay.room && (
          <Button type="button" className="button secondary" busy={act.isPending && act.variables === 'reissue'} busyLabel={t.keys.working} onClick={() => act.mutate('reissue')}>
            {t.keys.reissue}
          </Button>
        )}
        {live && (
          <Button type="button" className="button danger" busy={act.isPending && act.variables === 'revoke'} busyLabel={t.keys.working} onClick={() => act.mutate('revoke')}>
            {t.keys.revoke}
          </Button>
        )}
      </div>
    </section>
  );
}
