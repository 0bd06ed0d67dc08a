import type { StaffRequest } from '../api/client';
import { t } from '../i18n';
import { formatDateTime } from '../lib/format';

export const isOpenRequest = (request: StaffRequest) => request.status !== 'completed' && request.status !== 'cancelled';

/** What a request is, for whom, and where it stands: the text of a queue row and of a stay's request list. */
export function RequestSummary({ request, showDepartment, badges }: { request: StaffRequest; showDepartment?: boolean; badges?: React.ReactNode }) {
  const times = isOpenRequest(request)
    ? [t.requests.due(formatDateTime(request.dueAt))]
    : [
        t.requests.made(formatDateTime(request.createdAt)),
        request.completedAt && t.requests.completedAt(formatDateTime(request.completedAt)),
        request.cancelledAt && t.requests.cancelledAt(formatDateTime(request.cancelledAt), request.cancelReason),
      ];
  return (
    <span className="what">
      <strong>{request.category.name}</strong>
      {request.items.length > 0 && `: ${request.items.join(', ')}`}
      {showDepartment && <span className="badge">{t.requests.departments[request.department] ?? request.department}</span>}
      {badges}
      <span className="when">
        {[`${t.staff.room} ${request.stay.room ?? '—'}`, request.stay.guestLastName, ...times, request.assignee && t.requests.assignedTo(request.assignee.name)]
          .filter(Boolean)
          .join(' · ')}
      </span>
      {request.note && <span className="when">“{request.note}”</span>}
    </span>
  );
}
