import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../api/client';
import { t } from '../i18n';
import { QueryState } from '../ui/feedback';
import { Page } from '../ui/layout';
import { staffKeys, useStaff } from './staff-context';
import { StaffTopbar } from './staff-layout';
import { StayCells, StayHeadings } from './stay-cells';

/** IDs whose reading raised a flag, oldest first: each opens its stay, where it is looked at and approved. */
export function ReviewQueuePage() {
  const { propertyId } = useStaff();
  const queue = useQuery({
    queryKey: staffKeys.reviewQueue(propertyId),
    queryFn: () => unwrap(api.GET('/api/v1/staff/properties/{propertyId}/check-in/review-queue', { params: { path: { propertyId } } })),
  });
  return (
    <Page title={t.deskCheckIn.queueTitle} topbar={<StaffTopbar />}>
      <h1>{t.deskCheckIn.queueTitle}</h1>
      <p>{t.deskCheckIn.queueIntro}</p>
      <section className="card" aria-live="polite">
        <QueryState query={queue}>
          {(data) =>
            data.items.length === 0 ? (
              <p>{t.deskCheckIn.queueEmpty}</p>
            ) : (
              <div className="table-wrap">
                <table className="cards">
                  <thead>
                    <tr>
                      <StayHeadings />
                      <th scope="col">{t.deskCheckIn.flags}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {data.items.map((item) => (
                      <tr key={item.stayId}>
                        <StayCells {...item} />
                        <td data-label={t.deskCheckIn.flags}>{item.flags.map((flag) => t.checkIn.flags[flag] ?? flag).join(' ')}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )
          }
        </QueryState>
      </section>
    </Page>
  );
}
