import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../api/client';
import type { components } from '../api/schema';
import { QueryState } from '../ui/feedback';
import { useGuest, type GuestMessages } from './i18n';
import { guestKeys } from './queries';

type Facts = components['schemas']['HotelInformation']['facts'];

/** The facts shown as plain lines, in this order; the Wi-Fi and the map link have their own shape. */
const LINES = ['checkIn', 'checkOut', 'breakfast', 'restaurant', 'spa', 'parking', 'address', 'phone', 'emergency'] as const satisfies ReadonlyArray<keyof Facts & keyof GuestMessages['hotelInfo']>;

/** Wi-Fi, times, hours, parking, a map and emergency numbers, in the guest's language where the hotel gave it. */
export function HotelInformationSection() {
  const { m } = useGuest();
  const information = useQuery({
    queryKey: guestKeys.hotelInformation(m.language),
    queryFn: () => unwrap(api.GET('/api/v1/stay/hotel-information', { params: { query: { language: m.language } } })),
  });
  return (
    <section className="card" aria-labelledby="hotel-information-heading">
      <h2 id="hotel-information-heading">{m.hotelInfo.title}</h2>
      <QueryState query={information}>{({ facts }) => <FactList facts={facts} m={m} />}</QueryState>
    </section>
  );
}

function FactList({ facts, m }: { facts: Facts; m: GuestMessages }) {
  const lines = LINES.filter((field) => facts[field]);
  if (!facts.wifiNetwork && !facts.mapUrl && lines.length === 0) return <p>{m.hotelInfo.empty}</p>;
  return (
    <>
      <dl className="facts hotel-information">
        {facts.wifiNetwork && (
          <div>
            <dt>{m.hotelInfo.wifi}</dt>
            <dd>
              {m.hotelInfo.wifiNetwork}: <strong>{facts.wifiNetwork}</strong>
              {facts.wifiPassword && (
                <>
                  <br />
                  {m.hotelInfo.wifiPassword}: <strong className="secret">{facts.wifiPassword}</strong>
                </>
              )}
            </dd>
          </div>
        )}
        {lines.map((field) => (
          <div key={field}>
            <dt>{m.hotelInfo[field]}</dt>
            <dd>{facts[field]}</dd>
          </div>
        ))}
      </dl>
      {facts.mapUrl && (
        <p>
          <a href={facts.mapUrl} target="_blank" rel="noopener noreferrer">
            {m.hotelInfo.map}
          </a>
        </p>
      )}
    </>
  );
}
