/** OpenKey's partner API as we guessed it (services.md §2.2): the session a mobile key lives in. */
export interface OpenKeySession {
  id: number;
  hotel_id: number;
  reservation_id: string;
  room_number: string;
  guest_id: number;
  check_in: string;
  check_out: string;
  is_personalized: boolean;
  /** `PENDING KEY SERVER REQUEST` | `KEY SERVER REQUESTED` | `KEY DELIVERED` | `CHECKED OUT` | `EXPIRED`. */
  mobile_key_status: { id: number; status: string };
  invitation_url?: string | null;
  additional_guests?: Array<{ id: number }>;
}

export interface OpenKeyEnvelope<T> {
  success: boolean;
  data: T;
}

export interface OpenKeyGuest {
  first_name: string | null;
  last_name: string;
  phone: string;
  email: string | null;
}
