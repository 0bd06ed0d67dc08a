import { z } from 'zod';

/**
 * The parts of OHIP's JSON this adapter reads (zod schemas, so a vendor shape we do not expect is
 * caught at the edge) and the request bodies it sends (types). Field names and nesting follow the
 * definitions in Oracle's Swagger files (rsv, csh, crm, fof, oauth). Objects are not strict:
 * OPERA sends far more than we read.
 */

/** `currencyAmountType`: a decimal amount, e.g. `{ amount: 254.5, currencyCode: 'EUR' }`. */
export const currencyAmount = z.object({ amount: z.number(), currencyCode: z.string().optional() });
export type CurrencyAmount = z.infer<typeof currencyAmount>;

/** Ids are strings in the spec; `transactionNo` is an integer. Both become strings for us. */
const idValue = z.union([z.string(), z.number()]).transform(String);

/** `uniqueID_Type`: `{ id, type: 'Reservation' | 'Confirmation' | 'Profile' | ... }`. */
export const uniqueId = z.object({ id: idValue, type: z.string().optional() });
export type UniqueId = z.infer<typeof uniqueId>;

/** `POST /oauth/v1/tokens` 200. */
export const tokenResponse = z.object({
  access_token: z.string().min(1),
  expires_in: z.coerce.number().positive(),
});

/** `exceptionDetailType`: problem JSON with Oracle's `o:` extensions. */
export const problem = z.object({
  title: z.string().optional(),
  detail: z.string().optional(),
  'o:errorCode': z.string().optional(),
});

const personName = z.object({
  givenName: z.string().optional(),
  surname: z.string().optional(),
  nameType: z.string().optional(),
});

/** `reservationInfoType`: one row of `getHotelReservations`. */
export const reservationInfo = z.object({
  reservationIdList: z.array(uniqueId),
  reservationStatus: z.string().optional(),
  computedReservationStatus: z.string().optional(),
  roomStay: z.object({
    arrivalDate: z.string(),
    departureDate: z.string(),
    roomId: z.string().optional(),
    adultCount: z.number().optional(),
    childCount: z.number().optional(),
  }),
  reservationGuest: z
    .object({
      id: idValue.optional(),
      givenName: z.string().optional(),
      surname: z.string().optional(),
      email: z.string().optional(),
      phoneNumber: z.string().optional(),
    })
    .optional(),
});
export type ReservationInfo = z.infer<typeof reservationInfo>;

export const reservationSearchResponse = z.object({
  reservations: z.object({ reservationInfo: z.array(reservationInfo).optional() }).optional(),
});

/** `hotelReservationType`: what `getReservation` and `postCheckIn` return. */
export const hotelReservation = z.object({
  reservationIdList: z.array(uniqueId),
  reservationStatus: z.string().optional(),
  computedReservationStatus: z.string().optional(),
  roomStay: z.object({
    arrivalDate: z.string(),
    departureDate: z.string(),
    currentRoomInfo: z.object({ roomId: z.string().optional() }).optional(),
    guestCounts: z.object({ adults: z.number().optional(), children: z.number().optional() }).optional(),
  }),
  reservationGuests: z
    .array(
      z.object({
        primary: z.boolean().optional(),
        profileInfo: z
          .object({
            profileIdList: z.array(uniqueId).optional(),
            profile: z.object({ customer: z.object({ personName: z.array(personName).optional() }).optional() }).optional(),
          })
          .optional(),
      }),
    )
    .optional(),
});
export type HotelReservation = z.infer<typeof hotelReservation>;

export const reservationDetailResponse = z.object({
  reservations: z.object({ reservation: z.array(hotelReservation).optional() }).optional(),
});

/** `GET /fof/v1/hotels/{hotelId}/rooms` (getHotelRooms) 200: `hotelRooms`, the fields we read. */
export const hotelRoomsResponse = z.object({
  hotelRoomsDetails: z
    .object({
      room: z
        .array(
          z.object({
            roomId: z.string(),
            roomType: z.object({ roomType: z.string().optional() }).optional(),
            housekeeping: z.object({ roomStatus: z.object({ roomStatus: z.string().optional() }).optional() }).optional(),
          }),
        )
        .optional(),
    })
    .optional(),
});

/** `POST …/checkIns` 201. */
export const checkInResponse = z.object({ reservation: z.array(hotelReservation).optional() });

/** `summaryPostingType`: charges carry `debitAmount`, payments `creditAmount`. */
export const posting = z.object({
  transactionNo: idValue,
  transactionCode: z.string().optional(),
  transactionDescription: z.string().optional(),
  transactionType: z.string().optional(),
  transactionDate: z.string().optional(),
  postingDate: z.string().optional(),
  debitAmount: currencyAmount.optional(),
  creditAmount: currencyAmount.optional(),
  reference: z.string().optional(),
  remark: z.string().optional(),
});
export type Posting = z.infer<typeof posting>;

export const folioWindow = z.object({
  folioWindowNo: z.number().optional(),
  balance: currencyAmount.optional(),
  folios: z.array(z.object({ postings: z.array(posting).optional() })).optional(),
  hasMore: z.boolean().optional(),
});
export type FolioWindow = z.infer<typeof folioWindow>;

/** `GET …/folios` 200. */
export const folioResponse = z.object({
  reservationFolioInformation: z.object({ folioWindows: z.array(folioWindow).optional() }),
});
export type FolioResponse = z.infer<typeof folioResponse>;

/** `POST …/charges` and `…/payments` 201. */
export const postingResponse = z.object({ postings: z.array(z.object({ transactionNo: idValue })).optional() });

const entryId = idValue.optional();

export const emailInfo = z.object({
  id: entryId,
  email: z.object({ emailAddress: z.string().optional(), primaryInd: z.boolean().optional() }),
});
export const telephoneInfo = z.object({
  id: entryId,
  telephone: z.object({ phoneNumber: z.string().optional(), primaryInd: z.boolean().optional() }),
});
export const addressInfo = z.object({
  id: entryId,
  address: z.object({
    addressLine: z.array(z.string()).optional(),
    cityName: z.string().optional(),
    postalCode: z.string().optional(),
    state: z.string().optional(),
    country: z.object({ code: z.string().optional() }).optional(),
    primaryInd: z.boolean().optional(),
  }),
});
export const identificationInfo = z.object({
  id: entryId,
  identification: z.object({
    idType: z.string().optional(),
    idNumber: z.string().optional(),
    /** Reads usually carry only the masked number. */
    idNumberMasked: z.string().optional(),
    issuedCountry: z.string().optional(),
    expirationDate: z.string().optional(),
    primaryInd: z.boolean().optional(),
  }),
});

/** `profile`: what `getProfile` and `putProfile` return. */
export const profileResponse = z.object({
  profileIdList: z.array(uniqueId).optional(),
  profileDetails: z.object({
    customer: z
      .object({
        personName: z.array(personName).optional(),
        birthDate: z.string().optional(),
        nationality: z.string().optional(),
        identifications: z.object({ identificationInfo: z.array(identificationInfo).optional() }).optional(),
      })
      .optional(),
    addresses: z.object({ addressInfo: z.array(addressInfo).optional() }).optional(),
    telephones: z.object({ telephoneInfo: z.array(telephoneInfo).optional() }).optional(),
    emails: z.object({ emailInfo: z.array(emailInfo).optional() }).optional(),
  }),
});
export type ProfileResponse = z.infer<typeof profileResponse>;

// ---------- request bodies ----------

export interface ReservationIdRef {
  id: string;
  type: 'Reservation';
  idContext?: 'OPERA';
}

/** `POST /csh/v1/hotels/{hotelId}/reservations/{reservationId}/charges`. */
export interface ChargeRequest {
  criteria: {
    hotelId: string;
    reservationId: ReservationIdRef;
    cashierId: number;
    postIt: boolean;
    charges: Array<{
      transactionCode: string;
      price: CurrencyAmount;
      postingQuantity: number;
      postingReference: string;
      postingRemark: string;
      applyRoutingInstructions: boolean;
      usePackageAllowance: boolean;
      folioWindowNo: number;
    }>;
  };
}

/** `POST /csh/v1/hotels/{hotelId}/reservations/{reservationId}/payments`. */
export interface PaymentRequest {
  criteria: {
    hotelId: string;
    reservationId: ReservationIdRef;
    cashierId: number;
    folioWindowNo: number;
    paymentMethod: { paymentMethod: string };
    postingAmount: CurrencyAmount;
    postingReference: string;
    postingRemark: string;
    applyCCSurcharge: boolean;
    overrideInsufficientCC: boolean;
  };
}

/** `POST /fof/v1/hotels/{hotelId}/reservations/{reservationId}/roomAssignments`. */
export interface RoomAssignmentRequest {
  criteria: { hotelId: string; reservationIdList: ReservationIdRef[]; roomId: string; roomNumberLocked: boolean };
}

/**
 * `PUT /fof/v1/hotels/{hotelId}/reservations/{reservationId}/rooms/{roomId}/roomMoves`
 * (moveInHouseGuest): `roomId` is the room the guest moves to; the room left is set to
 * `oldRoomStatus` for housekeeping.
 */
export interface MoveInHouseGuestRequest {
  criteria: RoomAssignmentRequest['criteria'] & { oldRoomStatus: 'Dirty' };
}

/** `POST /fof/v1/hotels/{hotelId}/reservations/{reservationId}/checkIns`. */
export interface CheckInRequest {
  reservation: { roomId: string; ignoreWarnings: boolean; stopCheckin: boolean; printRegistration: boolean };
  fetchReservationInstruction: string[];
  includeNotifications: boolean;
}

/** `POST /csh/v1/hotels/{hotelId}/reservations/{reservationId}/folios` (generateFolio). */
export interface GenerateFolioRequest {
  criteria: {
    hotelId: string;
    reservationId: ReservationIdRef;
    cashierId: number;
    folioWindowNo: number;
    eventType: 'CheckOut';
    allFolioWindow: boolean;
    correction: boolean;
    debitFolio: boolean;
  };
}

/** `POST /csh/v1/hotels/{hotelId}/reservations/{reservationId}/checkOuts`. */
export interface CheckOutRequest {
  reservation: {
    hotelId: string;
    reservationIdList: ReservationIdRef[];
    cashierId: number;
    eventType: 'CheckOut';
    stopCheckout: boolean;
    autoCheckout: boolean;
    checkoutInstr: { roomStatus: string; ignoreWarnings: boolean };
  };
  verificationOnly: boolean;
}

/** `PUT /crm/v1/profiles/{profileId}`: entries with an `id` update that entry, others are added. */
export interface ProfileUpdateRequest {
  profileIdList: Array<{ id: string; type: 'Profile'; idContext: 'OPERA' }>;
  profileDetails: {
    customer: {
      personName: Array<{ givenName?: string; surname: string; nameType: 'Primary' }>;
      birthDate?: string;
      nationality?: string;
      identifications?: {
        identificationInfo: Array<{
          id?: string;
          identification: { idType: string; idNumber: string; issuedCountry?: string; expirationDate?: string; primaryInd: boolean };
        }>;
      };
    };
    emails?: { emailInfo: Array<{ id?: string; email: { emailAddress: string; type: string; primaryInd: boolean } }> };
    telephones?: {
      telephoneInfo: Array<{
        id?: string;
        telephone: { phoneNumber: string; phoneTechType: string; phoneUseType: string; primaryInd: boolean };
      }>;
    };
    addresses?: {
      addressInfo: Array<{
        id?: string;
        address: {
          addressLine: string[];
          cityName: string;
          postalCode: string;
          state: string;
          country: { code: string };
          type: string;
          primaryInd: boolean;
        };
      }>;
    };
  };
}
