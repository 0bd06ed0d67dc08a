import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mewsDemoEnterprises } from './credentials.js';
import {
  addExternalResponseSchema,
  customerSchema,
  emptyResponseSchema,
  errorSchema,
  identityDocumentSchema,
  orderAddResponseSchema,
  orderItemSchema,
  pageOf,
  paymentSchema,
  productServiceOrderSchema,
  reservationSchema,
  resourceSchema,
  serviceSchema,
} from './mews-schemas.js';
import { alpineAuth, assertSchema, harbourAuth, startMewsMock, type MewsTestClient } from './test-client.js';

/** A summer instant, so Lisbon (UTC+1) and Zurich (UTC+2) both differ from UTC. */
const NOW = new Date('2026-07-15T12:00:00Z');
const harbour = mewsDemoEnterprises.harbour;

interface Reservation {
  Id: string;
  AccountId: string;
  Number: string;
  State: string;
  AssignedResourceId: string | null;
  ScheduledStartUtc: string;
  ScheduledEndUtc: string;
  ActualStartUtc: string | null;
  ActualEndUtc: string | null;
  CancellationReason: string | null;
  Options: { ConnectorCheckIn: boolean };
}
interface Amount {
  Currency: string;
  NetValue: number;
  GrossValue: number;
}
interface OrderItem {
  Id: string;
  ServiceOrderId: string;
  BillingName: string;
  ExternalIdentifier: string | null;
  UnitCount: number;
  Amount: Amount;
  AccountingState: string;
  Type: string;
}
interface Payment {
  Id: string;
  Amount: Amount;
  AccountingState: string;
  Data: { Discriminator: string; External?: { Type: string; ExternalIdentifier: string | null } };
}

let client: MewsTestClient;

beforeAll(async () => {
  client = await startMewsMock({ now: () => NOW });
});
afterAll(async () => {
  await client.mock.stop();
});

async function reservation(number: string, auth = harbourAuth): Promise<Reservation> {
  const res = await client.call<{ Reservations: Reservation[] }>(
    'reservations/getAll/2023-06-06',
    { Numbers: [number], Limitation: { Count: 10 } },
    { auth },
  );
  expect(res.status).toBe(200);
  const [found] = res.body.Reservations;
  if (!found) throw new Error(`no reservation ${number}`);
  return found;
}

/** The whole folio of a stay: its room nights, the orders linked to it, and its payments. */
async function folio(reservationId: string) {
  const nights = await client.call<{ OrderItems: OrderItem[] }>('orderItems/getAll', {
    ServiceOrderIds: [reservationId],
    Limitation: { Count: 100 },
  });
  const orders = await client.call<{ ProductServiceOrders: Array<{ Id: string }> }>('productServiceOrders/getAll', {
    ServiceIds: [harbour.chargeServiceId, harbour.foodBeverageServiceId],
    LinkedReservationIds: [reservationId],
    Limitation: { Count: 100 },
  });
  assertSchema(pageOf('ProductServiceOrders', productServiceOrderSchema), orders.body);
  const orderIds = orders.body.ProductServiceOrders.map((o) => o.Id);
  const extras = orderIds.length
    ? await client.call<{ OrderItems: OrderItem[] }>('orderItems/getAll', { ServiceOrderIds: orderIds, Limitation: { Count: 100 } })
    : { body: { OrderItems: [] as OrderItem[] } };
  const payments = await client.call<{ Payments: Payment[] }>('payments/getAll', {
    ReservationIds: [reservationId],
    Limitation: { Count: 100 },
  });
  assertSchema(pageOf('OrderItems', orderItemSchema), nights.body);
  assertSchema(pageOf('OrderItems', orderItemSchema), extras.body);
  assertSchema(pageOf('Payments', paymentSchema), payments.body);
  const items = [...nights.body.OrderItems, ...extras.body.OrderItems];
  const balanceMinor =
    items.filter((i) => i.AccountingState === 'Open').reduce((sum, i) => sum + Math.round(i.Amount.GrossValue * 100), 0) +
    payments.body.Payments.filter((p) => p.AccountingState === 'Open').reduce((sum, p) => sum + Math.round(p.Amount.GrossValue * 100), 0);
  return { items, payments: payments.body.Payments, balanceMinor };
}

describe('authentication and request envelope', () => {
  it('accepts the demo tokens and answers with a Request-Id header', async () => {
    const res = await client.call('reservations/getAll/2023-06-06', { Numbers: ['HV1001'], Limitation: { Count: 1 } });
    expect(res.status).toBe(200);
    expect(res.headers.get('request-id')).toBeTruthy();
  });

  it.each([
    ['ClientToken', { ...harbourAuth, ClientToken: 'nope' }],
    ['AccessToken', { ...harbourAuth, AccessToken: 'nope' }],
    ['missing AccessToken', { ClientToken: harbourAuth.ClientToken, Client: harbourAuth.Client }],
  ])('answers 401 { Message } for a bad %s', async (_name, auth) => {
    const res = await client.call('customers/getAll', { CustomerIds: [], Extent: { Customers: true }, Limitation: { Count: 1 } }, { auth });
    expect(res.status).toBe(401);
    assertSchema(errorSchema, res.body);
  });

  it('requires Client', async () => {
    const res = await client.call(
      'reservations/getAll/2023-06-06',
      { Limitation: { Count: 1 } },
      { auth: { ClientToken: harbourAuth.ClientToken, AccessToken: harbourAuth.AccessToken } },
    );
    expect(res.status).toBe(400);
    assertSchema(errorSchema, res.body);
  });

  it('scopes data to the enterprise of the AccessToken', async () => {
    const res = await client.call<{ Reservations: unknown[] }>('reservations/getAll/2023-06-06', {
      Numbers: ['AL2001'],
      Limitation: { Count: 10 },
    });
    expect(res.body.Reservations).toEqual([]);
    expect((await reservation('AL2001', alpineAuth)).Number).toBe('AL2001');
  });

  it.each([
    ['wrong case', 'POST', '/api/connector/v1/reservations/GetAll/2023-06-06'],
    ['trailing slash', 'POST', '/api/connector/v1/reservations/getAll/2023-06-06/'],
    ['undated getAll version', 'POST', '/api/connector/v1/reservations/getall'],
    ['GET method', 'GET', '/api/connector/v1/customers/getAll'],
  ])('answers 404 for a %s', async (_name, method, path) => {
    const res = await fetch(`${client.baseUrl}${path}`, {
      method,
      headers: method === 'POST' ? { 'content-type': 'application/json' } : {},
      body: method === 'POST' ? JSON.stringify({ ...harbourAuth, Limitation: { Count: 1 } }) : undefined,
    });
    expect(res.status).toBe(404);
    assertSchema(errorSchema, await res.json());
  });

  it('answers 400 "Invalid JSON" for a malformed body', async () => {
    const res = await fetch(`${client.baseUrl}/api/connector/v1/customers/getAll`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"ClientToken": "x",}',
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ Message: 'Invalid JSON' });
  });

  it.each([
    ['missing Limitation', {}],
    ['Count 0', { Limitation: { Count: 0 } }],
    ['Count above 1000', { Limitation: { Count: 1001 } }],
    ['unknown state', { States: ['CheckedIn'], Limitation: { Count: 1 } }],
  ])('answers 400 for %s', async (_name, body) => {
    const res = await client.call('reservations/getAll/2023-06-06', body);
    expect(res.status).toBe(400);
    assertSchema(errorSchema, res.body);
  });

  it('refuses productServiceOrders/getAll without ServiceIds, which the docs mark required (max 1000)', async () => {
    const { Id } = await reservation('HV1001');
    const without = await client.call('productServiceOrders/getAll', { LinkedReservationIds: [Id], Limitation: { Count: 10 } });
    expect(without.status).toBe(400);
    assertSchema(errorSchema, without.body);
    expect(without.body).toMatchObject({ Message: 'ServiceIds is required.' });
    const tooMany = Array.from({ length: 1001 }, () => harbour.chargeServiceId);
    const capped = await client.call('productServiceOrders/getAll', { ServiceIds: tooMany, Limitation: { Count: 10 } });
    expect(capped.status).toBe(400);
    expect(capped.body).toMatchObject({ Message: 'Invalid ServiceIds.' });
  });

  it('caps time intervals at three months', async () => {
    const res = await client.call('reservations/getAll/2023-06-06', {
      ScheduledStartUtc: { StartUtc: '2026-01-01T00:00:00Z', EndUtc: '2026-06-01T00:00:00Z' },
      Limitation: { Count: 10 },
    });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ Message: 'The interval must not exceed 3M1D.' });
  });
});

describe('reservations and customers', () => {
  it('finds a reservation by confirmation number, in the documented shape', async () => {
    const res = await client.call('reservations/getAll/2023-06-06', { Numbers: ['HV1002'], Limitation: { Count: 10 } });
    assertSchema(pageOf('Reservations', reservationSchema), res.body);
    const found = await reservation('HV1002');
    expect(found).toMatchObject({ Number: 'HV1002', State: 'Confirmed', AssignedResourceId: null, ActualStartUtc: null });
    // Arrival today at 15:00 Lisbon summer time, departure in three days at 11:00.
    expect(found.ScheduledStartUtc).toBe('2026-07-15T14:00:00Z');
    expect(found.ScheduledEndUtc).toBe('2026-07-18T10:00:00Z');
    expect((await reservation('AL2001', alpineAuth)).ScheduledStartUtc).toBe('2026-07-15T13:00:00Z');
  });

  it('maps the demo statuses onto Mews states', async () => {
    expect((await reservation('HV1001')).State).toBe('Started');
    expect((await reservation('HV1011')).State).toBe('Processed');
    expect(await reservation('HV1013')).toMatchObject({ State: 'Canceled', CancellationReason: 'RequestedByGuest' });
    expect(await reservation('HV1014')).toMatchObject({ State: 'Canceled', CancellationReason: 'NoShow' });
  });

  it('filters by ReservationIds and States', async () => {
    const { Id } = await reservation('HV1003');
    const byId = await client.call<{ Reservations: Reservation[] }>('reservations/getAll/2023-06-06', {
      ReservationIds: [Id],
      States: ['Started'],
      Limitation: { Count: 10 },
    });
    expect(byId.body.Reservations).toEqual([]);
    const confirmed = await client.call<{ Reservations: Reservation[] }>('reservations/getAll/2023-06-06', {
      ReservationIds: [Id],
      States: ['Confirmed'],
      Limitation: { Count: 10 },
    });
    expect(confirmed.body.Reservations.map((r) => r.Number)).toEqual(['HV1003']);
  });

  it('pages with Limitation.Count and Cursor until a short page', async () => {
    const numbers: string[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < 10; page += 1) {
      const res: { body: { Reservations: Reservation[]; Cursor: string | null } } = await client.call(
        'reservations/getAll/2023-06-06',
        { Limitation: { Count: 4, ...(cursor ? { Cursor: cursor } : {}) } },
      );
      numbers.push(...res.body.Reservations.map((r) => r.Number));
      cursor = res.body.Cursor;
      if (res.body.Reservations.length < 4 || cursor === null) break;
    }
    expect(new Set(numbers).size).toBe(15);
    expect(numbers.every((n) => n.startsWith('HV'))).toBe(true);
    const bad = await client.call('reservations/getAll/2023-06-06', { Limitation: { Count: 4, Cursor: '00000000-0000-4000-8000-000000000000' } });
    expect(bad.status).toBe(400);
  });

  it('returns the owner for the last-name check, which the reservation itself does not carry', async () => {
    const { AccountId } = await reservation('HV1002');
    const res = await client.call<{ Customers: Array<{ LastName: string; Email: string }> }>('customers/getAll', {
      CustomerIds: [AccountId],
      Extent: { Customers: true, Addresses: false },
      Limitation: { Count: 1 },
    });
    expect(res.status).toBe(200);
    assertSchema(pageOf('Customers', customerSchema), res.body);
    expect(res.body.Customers[0]).toMatchObject({ LastName: 'Okafor', Email: 'hv1002@guests.example' });
  });

  it('requires Extent on customers/getAll and rejects EnterpriseId there', async () => {
    const { AccountId } = await reservation('HV1002');
    const noExtent = await client.call('customers/getAll', { CustomerIds: [AccountId], Limitation: { Count: 1 } });
    expect(noExtent.status).toBe(400);
    const withEnterprise = await client.call('customers/getAll', {
      CustomerIds: [AccountId],
      EnterpriseId: harbour.enterpriseId,
      Extent: { Customers: true },
      Limitation: { Count: 1 },
    });
    expect(withEnterprise.status).toBe(400);
  });

  it('updates a customer and returns the whole profile', async () => {
    const { AccountId } = await reservation('HV1003');
    const res = await client.call<{ Email: string; Phone: string; LastName: string; Address: { City: string; CountryCode: string } }>(
      'customers/update',
      {
        CustomerId: AccountId,
        Email: 'sofia.ferreira@example.test',
        Phone: '+351 912 345 678',
        LastName: '',
        Address: { Line1: 'Rua Augusta 10', City: 'Lisboa', PostalCode: '1100-053', CountryCode: 'PT' },
      },
    );
    expect(res.status).toBe(200);
    assertSchema(customerSchema, res.body);
    expect(res.body).toMatchObject({ Email: 'sofia.ferreira@example.test', Phone: '+351 912 345 678', LastName: 'Ferreira' });
    expect(res.body.Address).toMatchObject({ City: 'Lisboa', CountryCode: 'PT' });
  });

  it('refuses an email another customer already uses, and unknown customers', async () => {
    const { AccountId } = await reservation('HV1004');
    const duplicate = await client.call('customers/update', { CustomerId: AccountId, Email: 'hv1002@guests.example' });
    expect(duplicate.status).toBe(403);
    const unknown = await client.call('customers/update', { CustomerId: '00000000-0000-4000-8000-000000000000', Phone: '1' });
    expect(unknown.status).toBe(400);
    expect(unknown.body).toMatchObject({ Message: 'Invalid CustomerId.' });
  });

  it('adds and lists identity documents', async () => {
    const { AccountId } = await reservation('HV1004');
    const added = await client.call('identityDocuments/add', {
      IdentityDocuments: [
        { CustomerId: AccountId, Type: 'Passport', Number: 'P1234567', ExpirationDate: '2031-04-01T00:00:00Z', IssuingCountryCode: 'IE', IsVerified: true },
      ],
    });
    expect(added.status).toBe(200);
    const listed = await client.call<{ IdentityDocuments: Array<{ Number: string }> }>('identityDocuments/getAll', {
      CustomerIds: [AccountId],
      Limitation: { Count: 10 },
    });
    assertSchema(pageOf('IdentityDocuments', identityDocumentSchema), listed.body);
    expect(listed.body.IdentityDocuments.map((d) => d.Number)).toEqual(['P1234567']);
  });

  it('names the assigned room through resources/getAll', async () => {
    const { AssignedResourceId } = await reservation('HV1001');
    const res = await client.call<{ Resources: Array<{ Name: string }> }>('resources/getAll', {
      ResourceIds: [AssignedResourceId],
      Extent: { Resources: true },
      Limitation: { Count: 1 },
    });
    assertSchema(pageOf('Resources', resourceSchema), res.body);
    expect(res.body.Resources.map((r) => r.Name)).toEqual(['204']);
  });

  it('lists the enterprise services, filtered by type', async () => {
    const all = await client.call('services/getAll', { Limitation: { Count: 10 } });
    assertSchema(pageOf('Services', serviceSchema), all.body);
    const additional = await client.call<{ Services: Array<{ Id: string }> }>('services/getAll', { ServiceType: 'Additional', Limitation: { Count: 10 } });
    expect(additional.body.Services.map((s) => s.Id)).toEqual([harbour.chargeServiceId, harbour.foodBeverageServiceId]);
  });
});

describe('folio, charges and payments', () => {
  it('gives an in-house stay its room nights, a linked extra and a prepayment', async () => {
    const { Id } = await reservation('HV1001');
    const { items, payments, balanceMinor } = await folio(Id);
    const nights = items.filter((i) => i.Type === 'SpaceOrder');
    expect(nights).toHaveLength(3);
    expect(nights[0]?.Amount).toMatchObject({ Currency: 'EUR', GrossValue: 145, NetValue: 136.79 });
    expect(items.find((i) => i.Type !== 'SpaceOrder')).toMatchObject({ BillingName: 'Minibar', UnitCount: 2, Amount: { GrossValue: 12 } });
    expect(payments.map((p) => p.Amount.GrossValue)).toEqual([-145]);
    expect(balanceMinor).toBe(3 * 14_500 + 1_200 - 14_500);
  });

  it('posts a custom item with orders/add, twice if called twice', async () => {
    const { Id, AccountId } = await reservation('HV1007');
    const order = {
      ServiceId: harbour.chargeServiceId,
      AccountId,
      LinkedReservationId: Id,
      ConsumptionUtc: '2026-07-15T11:00:00Z',
      Items: [
        {
          Name: 'Spa gratuity',
          UnitCount: 1,
          UnitAmount: { Currency: 'EUR', GrossValue: 15, TaxCodes: [harbour.taxCodes.tip] },
          AccountingCategoryId: harbour.accountingCategoryIds.tip,
          ExternalIdentifier: 'stay:hv1007:tip:v1',
        },
      ],
    };
    const first = await client.call<{ OrderId: string }>('orders/add', order);
    expect(first.status).toBe(200);
    assertSchema(orderAddResponseSchema, first.body);
    const second = await client.call<{ OrderId: string }>('orders/add', order);
    expect(second.body.OrderId).not.toBe(first.body.OrderId);

    const posted = await client.call<{ OrderItems: OrderItem[] }>('orderItems/getAll', {
      ServiceOrderIds: [first.body.OrderId],
      Limitation: { Count: 10 },
    });
    expect(posted.body.OrderItems).toEqual([
      expect.objectContaining({ ServiceOrderId: first.body.OrderId, BillingName: 'Spa gratuity', ExternalIdentifier: 'stay:hv1007:tip:v1', Type: 'CustomItem' }),
    ]);
    const { items } = await folio(Id);
    expect(items.filter((i) => i.ExternalIdentifier === 'stay:hv1007:tip:v1')).toHaveLength(2);
  });

  it.each([
    ['a net amount on a gross-priced enterprise', { UnitAmount: { Currency: 'EUR', NetValue: 10, TaxCodes: ['PT-S'] } }],
    ['another currency', { UnitAmount: { Currency: 'USD', GrossValue: 10, TaxCodes: ['PT-S'] } }],
    ['two tax codes with a gross value', { UnitAmount: { Currency: 'EUR', GrossValue: 10, TaxCodes: ['PT-S', 'PT-R'] } }],
    ['an unknown accounting category', { AccountingCategoryId: '00000000-0000-4000-8000-000000000000' }],
  ])('rejects an item with %s', async (_name, override) => {
    const { AccountId } = await reservation('HV1007');
    const res = await client.call('orders/add', {
      ServiceId: harbour.chargeServiceId,
      AccountId,
      Items: [{ Name: 'Spa', UnitCount: 1, UnitAmount: { Currency: 'EUR', GrossValue: 10, TaxCodes: ['PT-S'] }, ...override }],
    });
    expect(res.status).toBe(400);
    assertSchema(errorSchema, res.body);
  });

  it('rejects orders for unknown accounts and on the stay service', async () => {
    const item = { Name: 'Spa', UnitCount: 1, UnitAmount: { Currency: 'EUR', GrossValue: 10, TaxCodes: ['PT-S'] } };
    const unknown = await client.call('orders/add', { ServiceId: harbour.chargeServiceId, AccountId: '00000000-0000-4000-8000-000000000000', Items: [item] });
    expect(unknown.body).toMatchObject({ Message: 'Invalid AccountId.' });
    const { AccountId } = await reservation('HV1007');
    const stay = await client.call('orders/add', { ServiceId: harbour.stayServiceId, AccountId, Items: [item] });
    expect(stay.status).toBe(400);
  });

  it('orders a product by ProductId', async () => {
    const { AccountId, Id } = await reservation('HV1006');
    const res = await client.call<{ OrderId: string }>('orders/add', {
      ServiceId: harbour.foodBeverageServiceId,
      AccountId,
      LinkedReservationId: Id,
      ProductOrders: [{ ProductId: harbour.minibarProductId, Count: 3, ExternalIdentifier: 'pos-77' }],
    });
    expect(res.status).toBe(200);
    const items = await client.call<{ OrderItems: OrderItem[] }>('orderItems/getAll', { ServiceOrderIds: [res.body.OrderId], Limitation: { Count: 5 } });
    expect(items.body.OrderItems[0]).toMatchObject({ Type: 'ProductOrder', UnitCount: 3, Amount: { GrossValue: 18 } });
  });

  it('records an external payment with its identifier and type', async () => {
    const { AccountId, Id } = await reservation('HV1007');
    const res = await client.call<{ ExternalPaymentId: string }>('payments/addExternal', {
      AccountId,
      ReservationId: Id,
      Amount: { Currency: 'EUR', GrossValue: 50 },
      Type: harbour.externalPaymentType,
      ExternalIdentifier: 'pi_3Qx1fake',
      Notes: 'Stripe',
    });
    expect(res.status).toBe(200);
    assertSchema(addExternalResponseSchema, res.body);
    const listed = await client.call<{ Payments: Payment[] }>('payments/getAll', { PaymentIds: [res.body.ExternalPaymentId], Limitation: { Count: 1 } });
    assertSchema(pageOf('Payments', paymentSchema), listed.body);
    expect(listed.body.Payments[0]).toMatchObject({
      Amount: { GrossValue: -50, Currency: 'EUR' },
      Data: { Discriminator: 'External', External: { Type: 'Prepayment', ExternalIdentifier: 'pi_3Qx1fake' } },
    });
  });

  it('refuses a payment type the property has not enabled, and unknown types', async () => {
    const { AccountId } = await reservation('HV1007');
    const payment = { AccountId, Amount: { Currency: 'EUR', GrossValue: 5 } };
    expect((await client.call('payments/addExternal', { ...payment, Type: 'Bacs' })).status).toBe(403);
    expect((await client.call('payments/addExternal', { ...payment, Type: 'Stripe' })).status).toBe(400);
    expect((await client.call('payments/addExternal', { ...payment, Amount: { Currency: 'CHF', GrossValue: 5 } })).status).toBe(400);
  });

  it('needs at least one filter on orderItems/getAll and payments/getAll', async () => {
    expect((await client.call('orderItems/getAll', { Limitation: { Count: 5 } })).status).toBe(400);
    expect((await client.call('payments/getAll', { Limitation: { Count: 5 } })).status).toBe(400);
  });
});

describe('check-in (reservations/start)', () => {
  it('needs an inspected room before starting a confirmed arrival', async () => {
    const { Id } = await reservation('HV1002');
    const noRoom = await client.call('reservations/start', { ReservationId: Id });
    expect(noRoom.status).toBe(403);
    assertSchema(errorSchema, noRoom.body);

    expect((await client.control('mews/assign-resource', { ReservationId: Id, ResourceName: '206' })).status).toBe(200);
    const dirty = await client.call('reservations/start', { ReservationId: Id });
    expect(dirty.status).toBe(403);

    await client.control('mews/assign-resource', { ReservationId: Id, ResourceName: '201' });
    const started = await client.call('reservations/start', { ReservationId: Id });
    expect(started.status).toBe(200);
    assertSchema(emptyResponseSchema, started.body);
    expect(await reservation('HV1002')).toMatchObject({ State: 'Started', ActualStartUtc: '2026-07-15T12:00:00Z', Options: { ConnectorCheckIn: true } });

    expect((await client.call('reservations/start', { ReservationId: Id })).status).toBe(403);
  });

  it('refuses future arrivals, departed stays and unknown ids', async () => {
    const future = await reservation('HV1008');
    await client.control('mews/assign-resource', { ReservationId: future.Id, ResourceName: '202' });
    const early = await client.call<{ Message: string }>('reservations/start', { ReservationId: future.Id });
    expect(early.status).toBe(403);
    expect(early.body.Message).toMatch(/future/);
    expect((await client.call('reservations/start', { ReservationId: (await reservation('HV1011')).Id })).status).toBe(403);
    const unknown = await client.call('reservations/start', { ReservationId: '00000000-0000-4000-8000-000000000000' });
    expect(unknown.status).toBe(400);
    expect(unknown.body).toMatchObject({ Message: 'Invalid ReservationId.' });
  });
});

describe('room move (reservations/update)', () => {
  const resourceId = async (name: string) =>
    (await client.call<{ Resources: Array<{ Id: string; State: string }> }>('resources/getAll', { Names: [name], Extent: { Resources: true }, Limitation: { Count: 1 } })).body.Resources[0]!;
  const move = async (confirmation: string, room: string) =>
    client.call<{ Message?: string }>('reservations/update', {
      Reason: 'Room move at the front desk',
      ReservationUpdates: [{ ReservationId: (await reservation(confirmation)).Id, AssignedResourceId: { Value: (await resourceId(room)).Id } }],
    });

  it('moves an in-house guest to a free room and leaves the old room dirty', async () => {
    const old = (await reservation('HV1007')).AssignedResourceId;
    const moved = await move('HV1007', '203');
    expect(moved.status).toBe(200);
    expect((await reservation('HV1007')).AssignedResourceId).toBe((await resourceId('203')).Id);
    const left = await client.call<{ Resources: Array<{ State: string }> }>('resources/getAll', { ResourceIds: [old], Extent: { Resources: true }, Limitation: { Count: 1 } });
    expect(left.body.Resources[0]!.State).toBe('Dirty');
  });

  it('refuses an occupied room, a locked reservation unless unlocked in the same call, unknown rooms and fields it does not implement', async () => {
    const occupied = await move('HV1005', '204');
    expect(occupied.status).toBe(403);
    expect(occupied.body.Message).toMatch(/occupied/);
    const { Id } = await reservation('HV1006');
    const free = (await resourceId('202')).Id;
    await client.call('reservations/update', { ReservationUpdates: [{ ReservationId: Id, AssignedResourceLocked: { Value: 'true' } }] });
    expect((await client.call('reservations/update', { ReservationUpdates: [{ ReservationId: Id, AssignedResourceId: { Value: free } }] })).status).toBe(403);
    const unlocked = await client.call('reservations/update', { ReservationUpdates: [{ ReservationId: Id, AssignedResourceId: { Value: free }, AssignedResourceLocked: { Value: false } }] });
    expect(unlocked.status).toBe(200);
    const unknown = await client.call('reservations/update', { ReservationUpdates: [{ ReservationId: Id, AssignedResourceId: { Value: '00000000-0000-4000-8000-000000000000' } }] });
    expect(unknown.body).toMatchObject({ Message: 'Invalid AssignedResourceId.' });
    expect((await client.call('reservations/update', { ReservationUpdates: [{ ReservationId: Id, RateId: { Value: free } }] })).body).toMatchObject({ Message: 'Invalid RateId.' });
  });
});

describe('check-out (reservations/process)', () => {
  it('needs a zero balance, then checks out and closes the bills', async () => {
    const { Id, AccountId } = await reservation('HV1005');
    const before = await folio(Id);
    expect(before.balanceMinor).toBe(2 * 14_500 + 1_200 - 14_500);
    const refused = await client.call('reservations/process', { ReservationId: Id });
    expect(refused.status).toBe(403);

    const paid = await client.call('payments/addExternal', {
      AccountId,
      ReservationId: Id,
      Amount: { Currency: 'EUR', GrossValue: before.balanceMinor / 100 },
      Type: 'Prepayment',
      ExternalIdentifier: 'pi_checkout_hv1005',
    });
    expect(paid.status).toBe(200);
    const processed = await client.call('reservations/process', { ReservationId: Id, CloseBills: true });
    expect(processed.status).toBe(200);
    assertSchema(emptyResponseSchema, processed.body);

    expect(await reservation('HV1005')).toMatchObject({ State: 'Processed', ActualEndUtc: '2026-07-15T12:00:00Z' });
    const after = await folio(Id);
    expect([...after.items, ...after.payments].every((entry) => entry.AccountingState === 'Closed')).toBe(true);
  });

  it('allows an open balance only with Notes', async () => {
    const { Id } = await reservation('HV1006');
    const noNotes = await client.call('reservations/process', { ReservationId: Id, AllowOpenBalance: true });
    expect(noNotes.status).toBe(400);
    const withNotes = await client.call('reservations/process', { ReservationId: Id, AllowOpenBalance: true, Notes: 'Guest pays by invoice' });
    expect(withNotes.status).toBe(200);
    expect((await reservation('HV1006')).State).toBe('Processed');
  });

  it('refuses stays that are not in house or not at their last night', async () => {
    const arriving = await client.call('reservations/process', { ReservationId: (await reservation('HV1003')).Id });
    expect(arriving.status).toBe(403);
    const early = await client.call<{ Message: string }>('reservations/process', { ReservationId: (await reservation('HV1001')).Id });
    expect(early.status).toBe(403);
    expect(early.body.Message).toMatch(/last day/);
  });
});
