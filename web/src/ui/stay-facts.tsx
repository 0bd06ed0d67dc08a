import type { Folio, Stay } from '../api/client';
import { useMessages } from '../i18n';
import { formatDate, formatMoney } from '../lib/format';

/** Dates, room, status and party of a stay; shared by the guest overview and the staff detail. */
export function StayFacts({ stay }: { stay: Stay }) {
  const m = useMessages();
  return (
    <dl className="facts">
      <div>
        <dt>{m.guest.arrival}</dt>
        <dd>{formatDate(stay.arrivalDate, m.locale)}</dd>
      </div>
      <div>
        <dt>{m.guest.departure}</dt>
        <dd>
          {formatDate(stay.departureDate, m.locale)}
          {stay.lateCheckOut && `, ${m.guest.lateCheckOut(stay.lateCheckOut)}`}
        </dd>
      </div>
      <div>
        <dt>{m.guest.room}</dt>
        <dd>{stay.room ?? m.guest.roomPending}</dd>
      </div>
      <div>
        <dt>{m.guest.status}</dt>
        <dd>{m.status[stay.status] ?? stay.status}</dd>
      </div>
      <div>
        <dt>{m.guest.guestsLabel}</dt>
        <dd>{m.guest.guests(stay.adults, stay.children)}</dd>
      </div>
    </dl>
  );
}

/** Folio lines (payments marked and subtracted) and the balance, money from minor units. */
export function FolioLines({ folio }: { folio: Folio }) {
  const m = useMessages();
  return (
    <>
      {!folio.complete && <p className="hint">{m.guest.folioIncomplete}</p>}
      {folio.lines.length === 0 ? (
        <p>{m.guest.folioEmpty}</p>
      ) : (
        <ul className="lines" aria-label={m.guest.folioTitle}>
          {folio.lines.map((line) => (
            <li key={line.id}>
              <span className="what">
                {line.description}
                {line.kind === 'payment' && <span className="badge ok">{m.guest.payment}</span>}
                <span className="when">{formatDate(line.date, m.locale)}</span>
              </span>
              <span className="amount">{formatMoney(line.kind === 'payment' ? -line.amountMinor : line.amountMinor, folio.currency, m.locale)}</span>
            </li>
          ))}
        </ul>
      )}
      <p className="total" data-testid="folio-balance">
        <span>{m.guest.balance}</span>
        <span>{formatMoney(folio.balanceMinor, folio.currency, m.locale)}</span>
      </p>
    </>
  );
}
