/**
 * The words around a digit run, read as evidence. CRM pages label their values (`Тел.:`,
 * `ИНН`, `Order #`, `Meeting ID:`), and the label is what tells a phone number from an order
 * number with the same digits. Keywords cover Russian, Ukrainian, English, German and French.
 */

/** What a label says about the digits after it. */
export type LabelKind =
  /** A phone (including "phone/fax", which can be called). */
  | 'phone'
  /** A fax only: still a phone number, flagged so callers can leave it out. */
  | 'fax'
  /** Anything that is not a phone: tax ids, bank data, orders, tracking, dates, money… */
  | 'block'
  /**
   * Conferencing (`Meeting`, `Конференция`, `Zoom`): the text holds both meeting ids and dial-in
   * numbers, and only the dial-in numbers are written in full (`+1 646 …`, `8 800 …`).
   */
  | 'meeting'
  /** A number sign (`№`, `#`, `No.`, `Nr.`): a weak hint that this is not a phone. */
  | 'generic'
  /**
   * The word "number" (`Номер`, `number`, `Nummer`, `numéro`): weaker still, because in Russian
   * "номер" alone often means a phone number (`номер 89031234567`).
   */
  | 'numberWord';

/**
 * How the label reaches the digits: right before them (`ИНН 7707083893`), across one other word
 * (`ИНН организации 7707083893`), or across earlier numbers of the same list (`КПП 773601001 /
 * 773601002`).
 */
export type LabelRelation = 'direct' | 'word' | 'list';

export interface Label {
  readonly kind: LabelKind;
  readonly relation: LabelRelation;
}

/**
 * The letters of the keyword expression: those of the scripts it has words in (Latin with its
 * accented forms, Greek, Cyrillic), not all of Unicode's `\p{L}`. Each `\p{L}` compiles to a
 * class of some 650 ranges, and the expression has ~40 of them: compiling it took 18-26 ms at
 * the first label of every page (Node, measured), and running it twice as long as with this
 * class (1.3 ms to compile, measured the same way). Outside these scripts a keyword's word
 * boundary is not told apart, which no text the finder reads depends on.
 */
const LETTERS = String.raw`a-z\u00AA\u00B5\u00BA\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u024F\u0370-\u03FF\u0400-\u052F\u1E00-\u1EFF`;
const WORD_LETTER = `[${LETTERS}]`;
const WORD_CHAR = String.raw`[\d${LETTERS}]`;

// A keyword starts where a word starts; stems (`тел` → телефон, телефона) may run on.
const START = String.raw`(?<!${WORD_CHAR})`;
const END = String.raw`(?!${WORD_CHAR})`;
const MORE = String.raw`${WORD_LETTER}*`;

/** "Phone/fax" in all its spellings: callable, so it counts as a phone. */
const PHONE_FAX = [
  String.raw`(?:тел${MORE}|tel${MORE}|phone|т)\.?\s*(?:[/,\\+\-]|и|and|&)\s*(?:факс|fax|ф)${MORE}\.?`,
  String.raw`(?:факс|fax)\s*[/,\\]\s*(?:тел|tel|phone|т)${MORE}\.?`,
];

// `F:` is the fax line of English e-mail signatures (`P: … | F: …`); only with the colon.
const FAX = [
  String.raw`(?:телефакс|telefax|t[ée]l[ée]copie|fax|факс)${MORE}`,
  String.raw`ф[.:]`,
  String.raw`f:`,
];

const PHONE = [
  // Russian, Ukrainian, Belarusian.
  String.raw`(?:тел|моб|мобил|сотов|рабоч|домашн|контакт|звон|позвон|дзвон|приймальн|при[её]мн|ресепшн|диспетчер|секретар|справочн|гаряч|горяч|вайбер|вотсап)${MORE}`,
  String.raw`(?:т|сот|раб|дом|конт)[.:]`,
  // English.
  String.raw`(?:phone|tel|mobile|mob|cell|call|contact|hotline|helpdesk|reception|landline|whatsapp|viber|telegram)${MORE}`,
  String.raw`(?:office|work|home|direct|dial|support|sms|caller\s*id)${END}`,
  // German and French (Telefon, Tél., Handy, Rufnummer, Portable).
  String.raw`(?:t[ée]l[ée]phon|t[ée]l|handy|rufnummer|anruf|festnetz|zentrale|portable|fixe|standard|appel|joindre)${MORE}`,
  String.raw`аон${END}`,
];

const BLOCK = [
  // Tax and company ids (RU, UA, BY, KZ, DE, FR, US).
  String.raw`(?:инн|кпп|огрн|огрнип|окпо|оквэд|окато|октмо|окогу|кбк|єдрпоу|едрпоу|іпн|рнокпп|унп|бин|иин|снилс|ssn|sin|ein|tin|vat|tva|siret|siren|nir|nif|ust|steuer|st\.?-?nr)${END}`,
  String.raw`(?:ust-?id|steuer|handelsregister|hrb|ust\.?-?idnr)${MORE}`,
  // Bank data.
  String.raw`(?:бик|бік|мфо|iban|swift|bic|blz|kto|acct|cvv|visa|mastercard|routing|aba)${END}`,
  String.raw`(?:сч[её]т|рахун|расч[её]тн|розрахунк|корр|корсч|лицев|банк|bank|konto|karte|карт[аыуеок])${MORE}`,
  String.raw`(?:accounts?|cards?|cardholder)${END}`,
  String.raw`(?:р|к|л|a)\s*/\s*(?:с|сч|c)${END}\.?`,
  // Orders, invoices, contracts, tickets.
  // "Заказчик", "Auftraggeber" and "contractor" are people, whose phone numbers follow them.
  String.raw`(?:заказ(?!чи)|замовлен|order|bestell|auftrag(?!geb)|commande|invoice|rechnung|factur|фактур|накладн|договор|договір|contract(?!or)|vertrag|contrat|agreement|сделк|угод|заявк|обращени|звернен|тикет|ticket|плат[её]ж|платіж|payment|zahlung|paiement|transaction|транзакц|квитанц|receipt|quittung|reçu|ref|réf|referenz|référence|чек)${MORE}`,
  String.raw`(?:ттн|упд|акт|case|deal|лид|lead|po)${END}`,
  // Shipping.
  String.raw`(?:трек|track|sendung|suivi|colis|посылк|посилк|отправлени|відправлен|shipment|shipping|доставк|lieferung|lieferschein|gutschein|livraison)${MORE}`,
  String.raw`(?:шпи|dhl|ups|fedex|usps|сдэк|cdek|boxberry|нова\s+пошта|новая\s+почта|nova\s+poshta|ен|эн)${END}`,
  // Products and codes.
  String.raw`(?:артикул|штрих|barcode|isbn|ean|gtin|upc|sku|код|code|passcode|пароль|password)${MORE}`,
  // Compounds ending in "code": промокод, штрихкод, Postcode, Gutscheincode.
  String.raw`${WORD_LETTER}+(?:код|code)${END}`,
  String.raw`(?:pin|otp)${END}`,
  String.raw`(?:арт|art|réf)\.`,
  // Identifiers (conferencing has its own kind, below).
  String.raw`(?:id|ид|uid|uuid|guid|imei|vin|s/n)${END}`,
  String.raw`(?:идентификатор|ідентифікатор|identifier|kennung)${MORE}`,
  // Versions, builds.
  String.raw`(?:version|верс|сборк|збірк|release|релиз|реліз)${MORE}`,
  String.raw`build${END}`,
  // Postal codes and addresses.
  String.raw`(?:индекс|індекс|postal|postcode|zip|plz|postleitzahl|cedex)${MORE}`,
  String.raw`(?:а\s*/\s*я|п\s*/\s*о|po\s+box)`,
  // Personal documents.
  String.raw`(?:паспорт|passport|reisepass|passeport|серия|серія|serial|seriennummer|госномер|personalausweis)${MORE}`,
  // Money.
  String.raw`(?:сумм|итог|стоимост|вартіст|оплат|баланс|balance|долг|борг|total|amount|price|betrag|summe|preis|montant|prix|руб|грн|гривен|тенге|usd|eur|rub|uah|kzt|byn|gbp|chf)${MORE}`,
  String.raw`(?:всего|разом|усього|цен[аыуе]|цін[аиу]|ценник)${END}`,
  String.raw`[$€£₽₴₸¥]`,
  // Dates, times, timestamps.
  String.raw`(?:дата|date|datum|создан|измен[её]н|створен|змінен|обновл|created|updated|modified|timestamp|unix|epoch|время|time|zeit|heure)${MORE}`,
  String.raw`(?:час|часа|часов|годин[аи]?)${END}`,
  // Networks and coordinates.
  String.raw`(?:ip|host|port|порт|mac)${END}`,
  String.raw`(?:координат|coord|latitude|longitude|широт|долгот)${MORE}`,
  // Exact words only: "London" and "later" are not coordinates.
  String.raw`(?:gps|lat|lon|lng)${END}`,
  // Quantities and measures.
  String.raw`(?:кол-во|количеств|кількіст|qty|quantity|menge|quantité|weight|gewicht|poids)${MORE}`,
  String.raw`(?:вес|вага|шт)${END}`,
];

const MEETING = [
  String.raw`(?:meeting|конференц|zoom|webex|conference|konferenz|réunion|session|сесси|сесі)${MORE}`,
];

const GENERIC = [
  String.raw`[№#]`,
  String.raw`n[°º]`,
  String.raw`(?:no|nr|num|nº)${END}\.?`,
  // German compounds: Kundennummer, Mitglieds-Nr. (Telefonnummer matches as a phone first).
  String.raw`${WORD_LETTER}+(?:nummer|nr)${END}\.?`,
];

const NUMBER_WORD = [String.raw`(?:номер|number|nummer|num[ée]ro)${MORE}`];

function group(name: string, sources: readonly string[]): string {
  return `(?<${name}>${START}(?:${sources.join('|')}))`;
}

// One regex for all keywords. At any position the first alternative wins, so the compound
// "phone/fax" is tried before "phone" and "fax", and fax before phone ("Telefax").
const KEYWORDS = new RegExp(
  [
    group('phonefax', PHONE_FAX),
    group('fax', FAX),
    group('phone', PHONE),
    group('block', BLOCK),
    group('meeting', MEETING),
    group('generic', GENERIC),
    group('numberWord', NUMBER_WORD),
  ].join('|'),
  'giu',
);

function kindOf(groups: Record<string, string | undefined> | undefined): LabelKind {
  if (groups?.phonefax !== undefined || groups?.phone !== undefined) return 'phone';
  if (groups?.fax !== undefined) return 'fax';
  if (groups?.block !== undefined) return 'block';
  if (groups?.meeting !== undefined) return 'meeting';
  if (groups?.generic !== undefined) return 'generic';
  return 'numberWord';
}

/** Phone beats fax beats block beats the rest: `Номер телефона`, `Fax-Nr.`, `Номер заказа`. */
const PRIORITY: Record<LabelKind, number> = {
  phone: 5,
  fax: 4,
  block: 3,
  meeting: 2,
  generic: 1,
  numberWord: 0,
};

function stronger(a: LabelKind, b: LabelKind): LabelKind {
  return PRIORITY[a] >= PRIORITY[b] ? a : b;
}

const ONLY_PUNCTUATION = /^[^\p{L}\p{N}]*$/u;
const NO_LETTERS = /^[^\p{L}]*$/u;
const ONE_WORD = /^[^\p{L}\p{N}]*\p{L}+\.?[^\p{L}\p{N}]*$/u;

/** How far back a label may stand, in characters; a CRM label and its value are close. */
const WINDOW = 64;

/** Characters that end a line or a table cell in text taken from a page. */
function isLineBreak(code: number): boolean {
  return code === 10 || code === 13 || code === 9 || code === 124; // \n \r \t |
}

/**
 * Finds the label in front of offset `start` on the same line: the nearest keyword, joined
 * with the keywords right before it (`Номер заказа`, `Tel.-Nr.`), and how it reaches `start`.
 */
export function labelBefore(text: string, start: number): Label | undefined {
  let from = start;
  const limit = Math.max(0, start - WINDOW);
  while (from > limit && !isLineBreak(text.charCodeAt(from - 1))) from--;
  const window = text.slice(from, start);
  // Every keyword has a letter or a number sign: most numbers (a cell's whole text, a list) have
  // none before them, and the keyword expression is the costly part of reading a big page.
  if (!KEYWORD_CHAR.test(window)) return undefined;
  // The same few windows come back on every row of a list (`Тел.: `, `Перезвонить на `, `ИНН `):
  // the keyword expression, the costly part, is run once per distinct window.
  let label = windowLabels.get(window);
  if (label === undefined) {
    if (windowLabels.size >= WINDOW_CACHE_SIZE) windowLabels.clear();
    label = labelOfWindow(window) ?? null;
    windowLabels.set(window, label);
  }
  return label ?? undefined;
}

const WINDOW_CACHE_SIZE = 1_024;
/** labelOfWindow() by window; null for none. Labels are never changed once made. */
const windowLabels = new Map<string, Label | null>();

/** The label a window of text ends with (see labelBefore). */
function labelOfWindow(window: string): Label | undefined {
  KEYWORDS.lastIndex = 0;
  const starts: number[] = [];
  const ends: number[] = [];
  const kinds: LabelKind[] = [];
  for (let match = KEYWORDS.exec(window); match; match = KEYWORDS.exec(window)) {
    starts.push(match.index);
    ends.push(match.index + match[0].length);
    kinds.push(kindOf(match.groups));
  }
  let last = kinds.length - 1;
  if (last < 0) return undefined;
  const between = window.slice(ends[last]);
  let relation: LabelRelation;
  if (ONLY_PUNCTUATION.test(between)) relation = 'direct';
  else if (NO_LETTERS.test(between)) relation = 'list';
  else if (ONE_WORD.test(between)) relation = 'word';
  else return undefined;
  let kind = kinds[last] ?? 'generic';
  while (last > 0 && ONLY_PUNCTUATION.test(window.slice(ends[last - 1], starts[last]))) {
    last--;
    kind = stronger(kind, kinds[last] ?? 'generic');
  }
  return { kind, relation };
}

/** Classifies a whole label (a field caption or column header given by an adapter). */
export function classifyLabel(label: string): LabelKind | undefined {
  // A page has a handful of distinct captions ("Mobile Phone", "phone"), asked for per number.
  if (labelKinds.has(label)) return labelKinds.get(label);
  KEYWORDS.lastIndex = 0;
  let kind: LabelKind | undefined;
  for (let match = KEYWORDS.exec(label); match; match = KEYWORDS.exec(label)) {
    const found = kindOf(match.groups);
    kind = kind ? stronger(kind, found) : found;
  }
  if (labelKinds.size >= 512) labelKinds.clear();
  labelKinds.set(label, kind);
  return kind;
}

const labelKinds = new Map<string, LabelKind | undefined>();
/** A character every keyword has (see GENERIC for the number signs). */
const KEYWORD_CHAR = /[\p{L}№#]/u;

const PARENTHESISED = /^[ \u00A0]*[([]([^()[\]\n]{1,24})[)\]]/u;

/** A label in brackets right after the number: `7707083893 (ИНН)`, `… (моб.)`, `… (факс)`. */
export function labelAfter(text: string, end: number): LabelKind | undefined {
  const inside = PARENTHESISED.exec(text.slice(end, end + 32))?.[1];
  return inside === undefined ? undefined : classifyLabel(inside);
}

// Currency and units right after the digits: `4 951 234 567 руб.`, `4951234567 ₽`, `… %`.
const MONEY_OR_UNIT_AFTER =
  /^[ \u00A0]?(?:руб|р\.|₽|грн|₴|тг|тенге|₸|коп|byn|byr|rub|uah|kzt|usd|eur|gbp|chf|pln|\$|€|£|¥|%|шт|pcs|кг|kg|км|km)(?![\p{L}])/iu;

export function isMoneyOrUnitAfter(text: string, end: number): boolean {
  return MONEY_OR_UNIT_AFTER.test(text.slice(end, end + 8));
}
