import { useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../api/client';
import { useLiveEvents } from '../lib/live-events';
import { guestSession } from '../lib/sessions';
import { appendDelta } from './concierge-stream';
import { guestKeys } from './queries';

/**
 * The stay's one event stream for the whole stay page: each event says what changed, and the
 * sections showing it refetch (requests; check-in progress, the room and the card hold; the mobile key;
 * the concierge chat, whose answers also arrive piece by piece as they stream, and spa bookings and
 * the bill they are charged to).
 */
export function useStayEvents(): boolean {
  const session = guestSession.use();
  const queryClient = useQueryClient();
  return useLiveEvents({
    enabled: !!session,
    key: session?.token ?? '',
    ticket: async () => (await unwrap(api.POST('/api/v1/realtime/tickets', { headers: { authorization: `Bearer ${session?.token}` } }))).ticket,
    url: (ticket, lastEventId) => `/api/v1/realtime/stay/events?${new URLSearchParams({ ticket, ...(lastEventId && { lastEventId }) })}`,
    onEvent: (type, data) => {
      if (type === 'concierge.delta') return appendDelta(data);
      if (type === 'resync' || type.startsWith('concierge.')) void queryClient.invalidateQueries({ queryKey: guestKeys.concierge });
      if (type === 'resync' || type.startsWith('request.')) void queryClient.invalidateQueries({ queryKey: guestKeys.requests });
      if (type === 'resync' || type.startsWith('stay.') || type === 'check_in.updated' || type === 'hold.updated') {
        void queryClient.invalidateQueries({ queryKey: guestKeys.checkInAll });
        void queryClient.invalidateQueries({ queryKey: guestKeys.stay });
      }
      if (type === 'hold.updated' || type.startsWith('payment.')) void queryClient.invalidateQueries({ queryKey: guestKeys.payments });
      if (type.startsWith('payment.')) void queryClient.invalidateQueries({ queryKey: guestKeys.folio });
      if (type === 'resync' || type.startsWith('key.')) void queryClient.invalidateQueries({ queryKey: guestKeys.key });
      if (type === 'resync' || type.startsWith('spa.')) {
        void queryClient.invalidateQueries({ queryKey: guestKeys.spaBookings });
        void queryClient.invalidateQueries({ queryKey: guestKeys.folio });
      }
    },
  });
}
