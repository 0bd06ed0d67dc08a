/** Alliants AXP's digital-key API as we guessed it (services.md §2.3). */
export type AlliantsDelivery = 'guest_app' | 'apple_wallet' | 'google_wallet';

export interface AlliantsDigitalKey {
  id: string;
  bookingRef: string;
  /** `pending` | `issued` | `revoked` | `expired`. */
  status: string;
  roomNumber: string;
  validFrom: string;
  validUntil: string;
  delivery: AlliantsDelivery;
  walletPassUrl: string | null;
}

export type AlliantsRevokeReason = 'room_change' | 'checkout' | 'security';
