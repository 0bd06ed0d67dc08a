import type { FastifyInstance } from 'fastify';
import { OperaProblem, badRequest } from '../problems.js';
import {
  asList,
  isJson,
  optionalBoolean,
  optionalDate,
  optionalString,
  queryList,
  requireObject,
  requireString,
  type Json,
} from '../request-input.js';
import type {
  AddressValue,
  EmailValue,
  IdentificationValue,
  OperaState,
  Profile,
  ProfileEntry,
  TelephoneValue,
} from '../state.js';
import { profileView, type ProfileInstruction } from '../views.js';

/**
 * Customer relationship module (`/crm/v1`): read and update a guest profile.
 *
 * Update semantics [I, per the contract notes]: a list entry carrying the `id` of an existing entry
 * updates it; an entry without `id` is added. Entries not mentioned are kept. A new or updated
 * entry with `primaryInd: true` takes the primary flag from its siblings.
 */
type ProfileParams = { profileId: string };
type Incoming<T> = { id?: string; value: Partial<T> };

const PROFILE_INSTRUCTIONS: ReadonlySet<string> = new Set<ProfileInstruction>(['Profile', 'Address', 'Communication']);

function entryList(section: unknown, listName: string, itemName: string, path: string): Array<{ id?: string; item: Json; path: string }> {
  if (section === undefined) return [];
  const list = asList(requireObject(section, path)[listName]);
  return list.map((raw, i) => {
    const entryPath = `${path}.${listName}[${i}]`;
    const entry = requireObject(raw, entryPath);
    const id = optionalString(entry.id, `${entryPath}.id`, 80);
    return { ...(id ? { id } : {}), item: requireObject(entry[itemName], `${entryPath}.${itemName}`), path: `${entryPath}.${itemName}` };
  });
}

/** Drops keys whose value is undefined, so a partial update does not erase stored fields. */
function defined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function checkIds<T>(entries: ProfileEntry<T>[], incoming: Incoming<T>[], path: string): void {
  for (const change of incoming) {
    if (change.id && !entries.some((e) => e.id === change.id)) {
      throw badRequest('CRM00020', `${path} entry ${change.id} does not exist on this profile.`, path);
    }
  }
}

/** Runs after every check has passed: updates entries by id, appends the rest. */
function applyEntries<T extends { primaryInd?: boolean }>(
  state: OperaState,
  entries: ProfileEntry<T>[],
  incoming: Incoming<T>[],
): void {
  for (const change of incoming) {
    const existing = change.id ? entries.find((e) => e.id === change.id) : undefined;
    let target: ProfileEntry<T>;
    if (existing) {
      existing.value = { ...existing.value, ...change.value };
      target = existing;
    } else {
      target = { id: state.nextEntryId(), value: change.value as T };
      entries.push(target);
    }
    if (target.value.primaryInd) for (const other of entries) if (other !== target) other.value.primaryInd = false;
  }
}

interface ProfileChanges {
  givenName?: string;
  surname?: string;
  birthDate?: string;
  nationality?: string;
  emails: Incoming<EmailValue>[];
  telephones: Incoming<TelephoneValue>[];
  addresses: Incoming<AddressValue>[];
  identifications: Incoming<IdentificationValue>[];
}

/** Reads the whole body first, so a bad field anywhere leaves the profile untouched. */
function parseChanges(body: Json, profileId: string): ProfileChanges {
  for (const ref of asList(body.profileIdList)) {
    if (isJson(ref) && ref.id !== undefined && ref.id !== profileId) {
      throw badRequest('CRM00010', `profileIdList ${String(ref.id)} does not match profile ${profileId} in the path.`, 'profileIdList');
    }
  }
  const details = requireObject(body.profileDetails, 'profileDetails');
  const customer = details.customer === undefined ? {} : requireObject(details.customer, 'profileDetails.customer');
  const names = asList(customer.personName).map((n, i) => ({ name: requireObject(n, `profileDetails.customer.personName[${i}]`), i }));
  const primaryName = names.find(({ name }) => (name.nameType ?? 'Primary') === 'Primary');
  const namePath = `profileDetails.customer.personName[${primaryName?.i ?? 0}]`;
  const surname = optionalString(primaryName?.name.surname, `${namePath}.surname`, 40);
  if (surname !== undefined && surname.trim() === '') throw badRequest('CRM00011', 'surname cannot be empty.', `${namePath}.surname`);

  return {
    givenName: optionalString(primaryName?.name.givenName, `${namePath}.givenName`, 40),
    surname,
    birthDate: optionalDate(customer.birthDate, 'profileDetails.customer.birthDate'),
    nationality: optionalString(customer.nationality, 'profileDetails.customer.nationality', 20),
    emails: entryList(details.emails, 'emailInfo', 'email', 'profileDetails.emails').map(({ id, item, path }) => {
      const emailAddress = optionalString(item.emailAddress, `${path}.emailAddress`, 2000);
      if (emailAddress !== undefined && !/^[^@\s]+@[^@\s]+$/.test(emailAddress)) {
        throw badRequest('CRM00012', `${emailAddress} is not a valid email address.`, `${path}.emailAddress`);
      }
      const value = defined({ emailAddress, type: optionalString(item.type, `${path}.type`, 20), primaryInd: optionalBoolean(item.primaryInd, `${path}.primaryInd`) });
      return { ...(id ? { id } : {}), value };
    }),
    telephones: entryList(details.telephones, 'telephoneInfo', 'telephone', 'profileDetails.telephones').map(({ id, item, path }) => ({
      ...(id ? { id } : {}),
      value: defined({
        phoneNumber: optionalString(item.phoneNumber, `${path}.phoneNumber`, 40),
        phoneTechType: optionalString(item.phoneTechType, `${path}.phoneTechType`, 20),
        phoneUseType: optionalString(item.phoneUseType, `${path}.phoneUseType`, 20),
        primaryInd: optionalBoolean(item.primaryInd, `${path}.primaryInd`),
      }),
    })),
    addresses: entryList(details.addresses, 'addressInfo', 'address', 'profileDetails.addresses').map(({ id, item, path }) => {
      const lines = item.addressLine === undefined ? undefined : asList(item.addressLine).map((l, i) => requireString(l, `${path}.addressLine[${i}]`, 80));
      const country = item.country === undefined ? undefined : requireObject(item.country, `${path}.country`);
      return {
        ...(id ? { id } : {}),
        value: defined({
          addressLine: lines,
          cityName: optionalString(item.cityName, `${path}.cityName`, 40),
          postalCode: optionalString(item.postalCode, `${path}.postalCode`, 15),
          state: optionalString(item.state, `${path}.state`, 20),
          countryCode: optionalString(country?.code, `${path}.country.code`, 20),
          type: optionalString(item.type, `${path}.type`, 20),
          primaryInd: optionalBoolean(item.primaryInd, `${path}.primaryInd`),
        }),
      };
    }),
    identifications: entryList(customer.identifications, 'identificationInfo', 'identification', 'profileDetails.customer.identifications').map(
      ({ id, item, path }) => ({
        ...(id ? { id } : {}),
        value: defined({
          idType: optionalString(item.idType, `${path}.idType`, 40),
          idNumber: optionalString(item.idNumber, `${path}.idNumber`, 80),
          issuedCountry: optionalString(item.issuedCountry, `${path}.issuedCountry`, 20),
          issuedDate: optionalDate(item.issuedDate, `${path}.issuedDate`),
          expirationDate: optionalDate(item.expirationDate, `${path}.expirationDate`),
          issuedPlace: optionalString(item.issuedPlace, `${path}.issuedPlace`, 80),
          primaryInd: optionalBoolean(item.primaryInd, `${path}.primaryInd`),
        }),
      }),
    ),
  };
}

function newEntriesComplete(changes: ProfileChanges): void {
  const missing = (list: Incoming<object>[], field: string, path: string) => {
    const bad = list.find((c) => !c.id && (c.value as Record<string, unknown>)[field] === undefined);
    if (bad) throw badRequest('CRM00021', `${path}: ${field} is required on a new entry.`, path);
  };
  missing(changes.emails, 'emailAddress', 'profileDetails.emails');
  missing(changes.telephones, 'phoneNumber', 'profileDetails.telephones');
  missing(changes.identifications, 'idType', 'profileDetails.customer.identifications');
  missing(changes.identifications, 'idNumber', 'profileDetails.customer.identifications');
}

function applyChanges(state: OperaState, profile: Profile, changes: ProfileChanges): void {
  checkIds(profile.emails, changes.emails, 'profileDetails.emails');
  checkIds(profile.telephones, changes.telephones, 'profileDetails.telephones');
  checkIds(profile.addresses, changes.addresses, 'profileDetails.addresses');
  checkIds(profile.identifications, changes.identifications, 'profileDetails.customer.identifications');
  newEntriesComplete(changes);
  if (changes.givenName !== undefined) profile.givenName = changes.givenName;
  if (changes.surname !== undefined) profile.surname = changes.surname;
  if (changes.birthDate !== undefined) profile.birthDate = changes.birthDate;
  if (changes.nationality !== undefined) profile.nationality = changes.nationality;
  applyEntries(state, profile.emails, changes.emails);
  applyEntries(state, profile.telephones, changes.telephones);
  applyEntries(state, profile.addresses, changes.addresses);
  applyEntries(state, profile.identifications, changes.identifications);
  profile.modifiedAt = state.now();
}

export function registerCrmRoutes(app: FastifyInstance, state: OperaState): void {
  app.get<{ Params: ProfileParams }>('/profiles/:profileId', async (request, reply) => {
    const profile = state.profiles.get(request.params.profileId);
    if (!profile) return reply.code(204).send();
    const requested = queryList(request.query, 'fetchInstructions').filter((i): i is ProfileInstruction => PROFILE_INSTRUCTIONS.has(i));
    return profileView(profile, requested.length > 0 ? new Set(requested) : 'all');
  });

  app.put<{ Params: ProfileParams }>('/profiles/:profileId', async (request) => {
    const profile = state.profiles.get(request.params.profileId);
    if (!profile) throw new OperaProblem(404, 'CRM00404', `Profile ${request.params.profileId} not found.`);
    const changes = parseChanges(requireObject(request.body, 'body'), profile.profileId);
    applyChanges(state, profile, changes);
    return profileView(profile, 'all');
  });
}
