import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { paths, startMock, type RunningMock } from './test-support.js';

describe('OPERA mock crm: guest profiles', () => {
  let running: RunningMock;
  const stops: Array<() => Promise<void>> = [];

  beforeEach(async () => {
    running = await startMock();
    stops.push(() => running.mock.stop());
  });
  afterAll(async () => {
    await Promise.all(stops.map((stop) => stop()));
  });

  const getProfile = (profileId: string, fetchInstructions?: string[]) =>
    running.client.call({ module: 'crm', method: 'get', template: paths.profile, params: { profileId }, ...(fetchInstructions ? { query: { fetchInstructions } } : {}) });
  const putProfile = (profileId: string, body: unknown) =>
    running.client.call({ module: 'crm', method: 'put', template: paths.profile, params: { profileId }, body });

  const onlineCheckInUpdate = {
    profileDetails: {
      customer: {
        personName: [{ givenName: 'Chidi', surname: 'Okafor', nameType: 'Primary' }],
        identifications: { identificationInfo: [{ identification: { idType: 'PASSPORT', idNumber: 'X9912345', issuedCountry: 'NG', issuedDate: '2021-04-02', expirationDate: '2031-04-01', primaryInd: true } }] },
      },
      emails: { emailInfo: [{ email: { emailAddress: 'chidi@example.test', type: 'EMAIL', primaryInd: true } }] },
      telephones: { telephoneInfo: [{ telephone: { phoneNumber: '+234 800 000 0000', phoneTechType: 'PHONE', phoneUseType: 'MOBILE', primaryInd: true } }] },
      addresses: { addressInfo: [{ address: { addressLine: ['12 Marina Rd'], cityName: 'Lagos', postalCode: '101001', country: { code: 'NG' }, type: 'HOME', primaryInd: true } }] },
    },
  };

  it('reads a demo profile, with only the parts asked for', async () => {
    const all = await getProfile('771002');
    expect(all.status).toBe(200);
    expect(all.body.profileIdList).toEqual([{ id: '771002', type: 'Profile', idContext: 'OPERA' }]);
    expect(all.body.profileDetails.customer.personName[0]).toEqual({ givenName: 'Chidi', surname: 'Okafor', nameType: 'Primary' });
    expect(all.body.profileDetails.emails.emailInfo[0].email.emailAddress).toBe('hv1002@guests.example');
    const addressOnly = await getProfile('771002', ['Profile', 'Address']);
    expect(addressOnly.body.profileDetails.addresses).toBeDefined();
    expect(addressOnly.body.profileDetails.emails).toBeUndefined();
    expect((await getProfile('000000')).status).toBe(204);
  });

  it('adds emails, telephones, addresses and an ID document; reads give the ID number masked', async () => {
    const res = await putProfile('771002', onlineCheckInUpdate);
    expect(res.status).toBe(200);
    const details = res.body.profileDetails;
    expect(details.emails.emailInfo).toHaveLength(2);
    expect(details.emails.emailInfo.filter((e: { email: { primaryInd: boolean } }) => e.email.primaryInd)).toEqual([
      expect.objectContaining({ email: expect.objectContaining({ emailAddress: 'chidi@example.test' }) }),
    ]);
    expect(details.telephones.telephoneInfo[0].telephone.phoneNumber).toBe('+234 800 000 0000');
    expect(details.addresses.addressInfo[0].address).toMatchObject({ cityName: 'Lagos', country: { code: 'NG' } });
    const [identification] = details.customer.identifications.identificationInfo;
    expect(identification.identification).toMatchObject({ idType: 'PASSPORT', idNumberMasked: 'X99123XX', issuedCountry: 'NG' });
    expect(identification.identification.idNumber).toBeUndefined();

    const lookup = await running.client.call({ module: 'rsv', method: 'get', template: paths.reservations, query: { confirmationNumberList: 'HV1002' } });
    expect(lookup.body.reservations.reservationInfo[0].reservationGuest).toMatchObject({ email: 'chidi@example.test', phoneNumber: '+234 800 000 0000' });
  });

  it('updates the entry whose id is given instead of adding one', async () => {
    const emailId = (await getProfile('771002')).body.profileDetails.emails.emailInfo[0].id;
    const res = await putProfile('771002', { profileDetails: { emails: { emailInfo: [{ id: emailId, email: { emailAddress: 'new@example.test' } }] } } });
    expect(res.body.profileDetails.emails.emailInfo).toEqual([
      { id: emailId, type: 'Email', email: { emailAddress: 'new@example.test', type: 'EMAIL', primaryInd: true } },
    ]);
  });

  it('changes the surname the reservation search matches on', async () => {
    await putProfile('771002', { profileDetails: { customer: { personName: [{ givenName: 'Chidi', surname: 'Okafor-Ade', nameType: 'Primary' }] } } });
    const search = await running.client.call({ module: 'rsv', method: 'get', template: paths.reservations, query: { confirmationNumberList: 'HV1002', surname: 'Okafor-Ade' } });
    expect(search.body.reservations.reservationInfo[0].reservationGuest.surname).toBe('Okafor-Ade');
  });

  it.each([
    ['an unknown entry id', { profileDetails: { emails: { emailInfo: [{ id: '1', email: { emailAddress: 'a@b.c' } }] } } }, 'profileDetails.emails'],
    ['an invalid email', { profileDetails: { emails: { emailInfo: [{ email: { emailAddress: 'not-an-email' } }] } } }, 'profileDetails.emails.emailInfo[0].email.emailAddress'],
    ['a new ID without a number', { profileDetails: { customer: { identifications: { identificationInfo: [{ identification: { idType: 'PASSPORT' } }] } } } }, 'profileDetails.customer.identifications'],
    ['a bad date', { profileDetails: { customer: { birthDate: '02/04/1990' } } }, 'profileDetails.customer.birthDate'],
    ['another profile id in the body', { profileIdList: [{ id: '771003', type: 'Profile' }], profileDetails: {} }, 'profileIdList'],
  ])('refuses %s with 400 and changes nothing', async (_, body, errorPath) => {
    const before = (await getProfile('771002')).body;
    const res = await putProfile('771002', { ...body, profileDetails: { ...body.profileDetails, telephones: { telephoneInfo: [{ telephone: { phoneNumber: '+1 555 0100' } }] } } });
    expect(res.status).toBe(400);
    expect(res.body['o:errorPath']).toBe(errorPath);
    expect((await getProfile('771002')).body).toEqual(before);
  });

  it('answers 404 when updating a profile that does not exist', async () => {
    expect((await putProfile('000000', onlineCheckInUpdate)).status).toBe(404);
  });
});
