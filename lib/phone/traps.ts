/**
 * Digit runs that have a shape of their own and are never phone numbers, whatever the parser
 * would say about their digits: dates and times, IP addresses, card numbers, IBANs, e-mail
 * addresses and URLs. They are blanked out before the finder looks for digit chains, so that a
 * date cannot lend its digits to a phone number next to it and an IP address is not read as
 * `212.555.12.34`.
 */

/** The character blanked regions are filled with: not a digit, not a separator, not a letter. */
export const MASK = '\u0000';

const DAY = String.raw`(?:0?[1-9]|[12]\d|3[01])`;
const MONTH = String.raw`(?:0?[1-9]|1[0-2])`;
const YEAR = String.raw`(?:19|20)\d\d`;

// A date must stand on its own: `(8412) 12-03-24` is the tail of a Penza number, not 12 March,
// so nothing that continues a digit chain may come right before it, nor digits right after.
const ALONE_BEFORE = String.raw`(?<![\d)+][ \u00A0.\-/()]{0,3})`;
const ALONE_AFTER = String.raw`(?!\d|[.\-/]\d)`;

const TRAP_SOURCES = [
  // 23.11.2026, 23-11-2026, 23/11/2026 (day first, four-digit year, any separator).
  String.raw`${ALONE_BEFORE}${DAY}(?<s1>[./\-])${MONTH}\k<s1>${YEAR}${ALONE_AFTER}`,
  // 23.11.26, 11/23/26: two-digit years only with dots and slashes, because `12-03-24` with
  // dashes is how Russian numbers end.
  String.raw`${ALONE_BEFORE}${DAY}(?<s2>[./])${MONTH}\k<s2>\d\d${ALONE_AFTER}`,
  String.raw`${ALONE_BEFORE}${MONTH}/${DAY}/(?:${YEAR}|\d\d)${ALONE_AFTER}`,
  // 2026-11-23, optionally with an ISO time: 2026-11-23T09:55:00+03:00.
  String.raw`${ALONE_BEFORE}${YEAR}(?<s3>[./\-])${MONTH}\k<s3>${DAY}(?:[T ]\d\d:\d\d(?::\d\d(?:\.\d+)?)?(?:Z|[+\-]\d\d:?\d\d)?)?${ALONE_AFTER}`,
  // 09:55, 9:55:07.
  String.raw`(?<!\d)\d{1,2}:\d\d(?::\d\d)?(?!\d)`,
  // IPv4 with an optional port: 192.168.100.200:5060.
  String.raw`(?<![\d.])(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?!\d|\.\d)(?::\d{1,5})?`,
  // Card numbers printed in four groups of four: 4276 3800 1234 5678.
  String.raw`(?<!\d)\d{4}(?<s4>[ \-])\d{4}\k<s4>\d{4}\k<s4>\d{4}(?:\k<s4>\d{1,3})?(?!\d)`,
  // IBAN, with or without the usual spaces: DE89 3704 0044 0532 0130 00.
  String.raw`\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?(?![A-Za-z0-9])`,
  // E-mail addresses (`89161234567@mail.ru`) and URLs (`zoom.us/j/84512345678`). Both may only
  // start where a token starts: otherwise a long run of digits would be re-scanned from every
  // one of its characters in search of an `@` (quadratic time on a 200 kB digit wall).
  String.raw`(?<![\w.+\-])[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+`,
  String.raw`\b(?:[Hh][Tt][Tt][Pp][Ss]?:\/\/|www\.)[^\s<>"'«»]+`,
  String.raw`(?<![\w.\-])[a-z0-9\-]+(?:\.[a-z0-9\-]+)*\.[a-z]{2,}\/[^\s<>"'«»]*`,
];

const TRAPS = new RegExp(TRAP_SOURCES.join('|'), 'g');

function blank(match: string): string {
  return MASK.repeat(match.length);
}

/**
 * What every trap above has at least one of: a dot, slash, colon or `@` (dates, times, IPs,
 * e-mails, URLs), an upper-case letter (IBAN), or four digits in a row (the year of a dashed
 * date, a card's groups). A text with none — most phone numbers as CRMs print them, such as
 * `+7 (916) 123-45-67` — cannot hold a trap, and this is a far cheaper test than TRAPS.
 */
function mayHoldTrap(text: string): boolean {
  // By character code rather than as /[./:@A-Z]|\d{4}/: the expression was 5 % of the finder's
  // time on phone fields, which it is asked about once each.
  let digitsInRow = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 48 && code <= 57) {
      if (++digitsInRow === 4) return true;
      continue;
    }
    digitsInRow = 0;
    // . / : @ A-Z
    if (code === 46 || code === 47 || code === 58 || code === 64 || (code >= 65 && code <= 90))
      return true;
  }
  return false;
}

/** Returns the text with every trap replaced by MASK characters; offsets are preserved. */
export function maskTraps(text: string): string {
  return mayHoldTrap(text) ? maskEveryTrap(text) : text;
}

/** maskTraps without the mayHoldTrap() shortcut (exported for the test that checks it). */
export function maskEveryTrap(text: string): string {
  TRAPS.lastIndex = 0;
  return text.replace(TRAPS, blank);
}
