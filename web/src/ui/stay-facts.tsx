import type { Folio, Stay } from '../api/client';
import { t } from '../i18n';
import { formatDate, formatMoney } from '../lib/format';

/** Dates, room, status and party of a stay; shared by the guest overview and the staff detail. */
export function StayFacts({ stay }: { stay: Stay }) {
  return (
    <dl className="facts">
      <div>
        <dt>{t.guest.arrival}</dt>
        <dd>{formatDate(stay.arrivalDate)}</dd>
      </div>
      <div>
        <dt>{t.guest.departure}</dt>
        <dd>{formatDate(stay.departureDate)}</dd>
      </div>
      <div>
        <dt>{t.guest.room}</dt>
        <dd>{stay.room ?? t.guest.roomPending}</dd>
      </div>
      <div>
        <dt>{t.guest.status}</dt>
        <dd>{t.status[stay.status] ?? stay.status}</dd>
      </div>
      <div>
        <dt>{t.guest.guestsLabel}</dt>
        <dd>{t.guest.guests(stay.adults, stay.children)}</dd>
      </div>
    </dl>
  );
}

/** Folio lines (payments marked and subtracted) and the balance, money from minor units. */
export function FolioLines({ folio }: { folio: Folio }) {
  return (
    <>
      {!folio.complete && <p className="hint">{t.guest.folioIncomplete}</p>}
      {folio.lines.length === 0 ? (
        <p>{t.guest.folioEmpty}</p>
      ) : (
        <ul className="lines" aria-label={t.guest.folioTitle}>
          {folio.lines.map((line) => (
            <li key={line.id}>
              <span className="what">
                {line.description}
                {line.kind === 'payment' && <span className="badge ok">{t.guest.payment}</span>}
                <span className="when">{formatDate(line.date)}</span>
              </span>
              <span className="amount">{formatMoney(line.kind === 'payment' ? -line.amountMinor : line.amountMinor, folio.currency)}</span>
            </li>
          ))}
        </ul>
      )}
      <p className="total" data-testid="folio-balance">
        <span>{t.guest.balance}</span>
        <span>{formatMoney(folio.balanceMinor, folio.currency)}</span>
      </p>
    </>
  );
}
