/**
 * The caller-ID cache: who a number belongs to, as seen on CRM pages. Content scripts report
 * numbers shown next to a contact's name or record (lib/click-to-call/background.ts validates
 * them); incoming calls and the screen pop look numbers up here. Written only by the background.
 *
 * IndexedDB through `idb`, with a numbered upgrade function: add a `case` for each new version.
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import { fillSearchUrl } from './search-url';

export type CallerIdCrm = 'vtiger' | 'retailcrm' | 'generic';

export interface KnownContact {
  /** E.164. */
  number: string;
  name?: string;
  recordUrl?: string;
  crm: CallerIdCrm;
  /** Epoch ms of the last time a page showed this number with this contact. */
  seenAt: number;
}

/** Where a CRM searches for a number it does not know yet (`{number}`/`{digits}` placeholders). */
export interface CrmSearch {
  origin: string;
  crm: CallerIdCrm;
  template: string;
  seenAt: number;
}

interface CallerIdDb extends DBSchema {
  contacts: { key: string; value: KnownContact; indexes: { seenAt: number } };
  searches: { key: string; value: CrmSearch; indexes: { seenAt: number } };
}

export const CALLER_ID_DB = 'callbridge-caller-id';
const VERSION = 1;
/** The cache is bounded: the oldest entries go first. */
export const MAX_CONTACTS = 20_000;

let dbPromise: Promise<IDBPDatabase<CallerIdDb>> | undefined;

function db(): Promise<IDBPDatabase<CallerIdDb>> {
  dbPromise ??= openDB<CallerIdDb>(CALLER_ID_DB, VERSION, {
    upgrade(database, oldVersion) {
      // Numbered steps, each run once, in order, from the version the user had.
      switch (oldVersion) {
        case 0: {
          const contacts = database.createObjectStore('contacts', { keyPath: 'number' });
          contacts.createIndex('seenAt', 'seenAt');
          const searches = database.createObjectStore('searches', { keyPath: 'origin' });
          searches.createIndex('seenAt', 'seenAt');
        }
      }
    },
    blocking() {
      // A newer version of the extension wants to upgrade: let it.
      void dbPromise?.then((d) => d.close());
      dbPromise = undefined;
    },
  });
  return dbPromise;
}

/**
 * Remembers a number and who it belongs to. A sighting without a name does not erase a name
 * seen before; a newer name or record replaces the older one.
 */
export async function rememberContact(contact: KnownContact): Promise<void> {
  await rememberContacts([contact]);
}

export async function rememberContacts(contacts: readonly KnownContact[]): Promise<void> {
  if (contacts.length === 0) return;
  const database = await db();
  const tx = database.transaction('contacts', 'readwrite');
  for (const contact of contacts) {
    const old = await tx.store.get(contact.number);
    const merged: KnownContact = {
      number: contact.number,
      crm: contact.crm,
      seenAt: contact.seenAt,
    };
    const name = contact.name ?? old?.name;
    const recordUrl = contact.recordUrl ?? old?.recordUrl;
    if (name !== undefined) merged.name = name;
    if (recordUrl !== undefined) merged.recordUrl = recordUrl;
    await tx.store.put(merged);
  }
  await tx.done;
  await prune(database);
}

export async function lookupContact(number: string): Promise<KnownContact | undefined> {
  return (await db()).get('contacts', number);
}

export async function rememberSearch(search: CrmSearch): Promise<void> {
  await (await db()).put('searches', search);
}

/** Search URLs for a number, most recently seen CRM first. */
export async function searchUrlsFor(
  number: string,
): Promise<Array<{ crm: CallerIdCrm; url: string }>> {
  const all = await (await db()).getAllFromIndex('searches', 'seenAt');
  return all.reverse().map((s) => ({ crm: s.crm, url: fillSearchUrl(s.template, number) }));
}

async function prune(database: IDBPDatabase<CallerIdDb>): Promise<void> {
  const count = await database.count('contacts');
  if (count <= MAX_CONTACTS) return;
  const tx = database.transaction('contacts', 'readwrite');
  let excess = count - MAX_CONTACTS;
  for (
    let cursor = await tx.store.index('seenAt').openCursor();
    cursor && excess > 0;
    cursor = await cursor.continue()
  ) {
    await cursor.delete();
    excess--;
  }
  await tx.done;
}

/** Tests: forget the open connection (fake-indexeddb is reset between test files). */
export async function closeCallerIdDb(): Promise<void> {
  const open = dbPromise;
  dbPromise = undefined;
  if (open) (await open).close();
}
