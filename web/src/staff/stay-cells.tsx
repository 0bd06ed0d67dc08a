import { Link } from 'react-router';
import { t } from '../i18n';
import { formatDate } from '../lib/format';

/** The first cells of a row naming a stay: the guest (a link to the stay), the confirmation number and the dates. */
export function StayCells({ stayId, firstName, lastName, confirmationNumber, arrivalDate, departureDate }: {
  stayId: string;
  firstName: string | null;
  lastName: string;
  confirmationNumber: string;
  arrivalDate: string;
  departureDate: string;
}) {
  const name = [firstName, lastName].filter(Boolean).join(' ');
  return (
    <>
      <td data-label={t.staff.guest}>
        <Link to={`/staff/stays/${stayId}`} aria-label={t.staff.open(name)}>
          {name}
        </Link>
      </td>
      <td data-label={t.staff.confirmation}>{confirmationNumber}</td>
      <td data-label={t.staff.dates}>
        {formatDate(arrivalDate)} – {formatDate(departureDate)}
      </td>
    </>
  );
}

/** The column headings over `StayCells`. */
export function StayHeadings() {
  return (
    <>
      <th scope="col">{t.staff.guest}</th>
      <th scope="col">{t.staff.confirmation}</th>
      <th scope="col">{t.staff.dates}</th>
    </>
  );
}
