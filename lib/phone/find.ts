/**
 * The number finder: text in, phone numbers with their offsets out.
 *
 * It works in four steps, cheapest first, because it runs on every text node of a CRM page:
 *  1. Texts with fewer than seven digits are skipped after one pass over their characters.
 *  2. Dates, times, IP addresses, card numbers, IBANs, e-mails and URLs are blanked out
 *     (traps.ts), so their digits cannot become part of a number.
 *  3. The remaining digits are grouped into chains joined by phone-like separators (spaces,
 *     dashes, dots, brackets, a slash). `,`, `;`, line breaks and words end a chain, which is what
 *     keeps `+7 912 345 67 89, 8 912 345 67 90` two numbers. A chain is split into the numbers
 *     libphonenumber validates so that they cover as many of its digits as possible (segment()),
 *     so a list joined by spaces or a slash splits where the numbering plan says it must
 *     (`030/1234567` is one number, `8 (495) 123-45-67 / 8 (916) 765-43-21` two).
 *  4. The words around each number are weighed (context.ts): `ИНН`, `Order`, `Meeting ID` reject
 *     it, `факс` marks it, currency after it rejects it, letters glued to it make it a code.
 */
import type { CountryCode } from 'libphonenumber-js/core';
import {
  classifyLabel,
  isMoneyOrUnitAfter,
  labelAfter,
  labelBefore,
  type LabelKind,
} from './context';
import {
  isKnownCountry,
  isWrittenInFull,
  parseE164,
  parseInternationalDigits,
  parseNationalDigits,
} from './numbering';
import { maskTraps } from './traps';

/** A phone number found in a text. */
export interface PhoneMatch {
  /** Offset of the first character of the number (its `+` or opening bracket) in the text. */
  start: number;
  /** Offset just past the number, including a written extension (`доб. 12`). */
  end: number;
  /** The number in E.164 form, without the extension: `+74951234567`. */
  number: string;
  /** The extension to dial after the call connects, digits only. */
  ext?: string;
  /** Set when the text labels the number as a fax only, so callers can choose not to call it. */
  kind?: 'fax';
}

export interface FindOptions {
  /** The region national numbers are read in: from settings, or the adapter's override. */
  defaultCountry: CountryCode;
  /**
   * The caption the text stands under, when the adapter knows it (a field label or a column
   * header such as `ИНН` or `Телефон`). It is used when the text carries no label of its own.
   */
  label?: string;
}

/** The fewest digits a phone number has, with its area code (`+683 4002` has seven). */
const MIN_DIGITS = 7;
/** The most digits a written number has: 15 in E.164, plus an access code such as `8 10`. */
const MAX_DIGITS = 18;
const MAX_INTERNATIONAL_DIGITS = 15;
/**
 * An unbroken run of digits longer than this is an id, a timestamp or an account number:
 * `380671234567` (12) is the longest way a CRM stores a number without a `+`.
 */
const MAX_BARE_DIGITS = 12;
/** The most digit groups a written number has: `+33 (0)1 23 45 67 89` has seven. */
const MAX_GROUPS = 8;

/** Cheap pre-filter: whether the text has enough digits to hold a phone number at all. */
export function mayContainPhoneNumber(text: string): boolean {
  if (text.length < MIN_DIGITS) return false;
  let digits = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 48 && code <= 57 && ++digits >= MIN_DIGITS) return true;
  }
  return false;
}

// The separators between digit groups are asked about by character code, in place: the finder
// runs on every text of a page, and a substring and a match array per group were a large part
// of what it gave the garbage collector (each number has four or five groups).

/** Spaces as CRMs format numbers with them: plain, no-break, figure, thin, narrow no-break. */
function isSpace(code: number): boolean {
  return code === 32 || code === 0xa0 || code === 0x2007 || code === 0x2009 || code === 0x202f;
}

/** A hyphen or one of the dashes U+2010-U+2015. */
function isDash(code: number): boolean {
  return code === 45 || (code >= 0x2010 && code <= 0x2015);
}

/**
 * What may stand between two digit groups of one number: spaces (including the no-break and
 * thin spaces CRMs use for formatting), dashes, dots, brackets and one slash, at most four
 * characters in all. `+` is not among them: it always starts a new number.
 */
function isJoiner(text: string, from: number, to: number): boolean {
  if (to - from < 1 || to - from > 4) return false;
  for (let k = from; k < to; k++) {
    const code = text.charCodeAt(k);
    // . ( ) /
    if (!isSpace(code) && !isDash(code) && code !== 46 && code !== 40 && code !== 41 && code !== 47)
      return false;
  }
  return true;
}

/** Whether the separator before group k holds a character that `test` accepts. */
function separatorHas(masked: string, k: number, test: (code: number) => boolean): boolean {
  const to = groupStarts[k] ?? 0;
  for (let at = groupEnds[k - 1] ?? 0; at < to; at++) if (test(masked.charCodeAt(at))) return true;
  return false;
}

const isSlashOrSpace = (code: number) => code === 47 || isSpace(code);
const isPhoneSeparator = (code: number) => isSpace(code) || isDash(code);

/** Whether only spaces, tabs and line breaks (or nothing) follow `from` in `text`. */
function isBlankFrom(text: string, from: number): boolean {
  for (let at = from; at < text.length; at++) {
    const code = text.charCodeAt(at);
    if (!isSpace(code) && code !== 9 && code !== 10 && code !== 13) return false;
  }
  return true;
}

function isDigitCode(code: number): boolean {
  return code >= 48 && code <= 57;
}

/**
 * An extension written after a number: `доб. 123`, `доп. 45`, `вн. 7`, `ext. 7`, `x12`, `#3`,
 * `poste 12`, `Durchwahl 12`, optionally in brackets or after a comma. The digits must not go on
 * into another number (`, доп. 8 912 …` is a second phone, not extension 8).
 */
const EXTENSION =
  /[ \u00A0]*[,;]?[ \u00A0]*\(?[ \u00A0]*(?:(?:добавочн\p{L}*|доб|доп|додатков\p{L}*|дод|внутр\p{L}*|вн|extension|ext|poste|durchwahl|dw|apparat|app)\.?[ \u00A0]*(?:[:#№]|no\.?)?|[xх]\.?|#)[ \u00A0]*(\d{1,6})(?!\d|[ \u00A0\-.()]\d)\)?/iuy;

/**
 * Tone digits dialled after the call connects, as in Zoom dial-in strings
 * (`+1 646 558 8656,,84512345678#`): they belong to the number before them and are not numbers.
 */
const DTMF_TAIL = /(?:,{2,}[\d*#,]*|,+[\d*]+#)/y;

/** Letters, and signs that make digits part of a code or an amount when glued to them. */
const CODE_CHARACTER = /[\p{L}\p{M}_@#№$€£¥₽₴₸%]/u;
/** Joiners that, glued between letters and digits, make one token: `SKU-4951234567`, `j/845…`. */
const TOKEN_JOINER = /[-/\\_]/;
const LETTER = /\p{L}/u;
const DIGIT = /\d/;
const LIST_GAP = /^[ \u00A0]*[,;][ \u00A0]*$/;
const LOCAL_SEPARATOR = /^[ \u00A0\-\u2010-\u2015]$/;
const THOUSANDS_SEPARATOR = /^[ \u00A0\u2007\u2009\u202F.]$/;
/** A decimal tail such as `,56` in `4 951 234,56` (but not `,8 912 …`, the next number). */
const DECIMAL_TAIL = /^,\d{1,2}(?!\d|[- \u00A0\u2010-\u2015.()/]{1,4}\d)/;

// Scratch arrays for the digit groups of the chain being examined, reused across calls: the
// finder runs on thousands of short text nodes, and chains are processed one at a time.
// They never shrink: `groupCount` says how many entries the current chain has (setting an
// array's length to 0 for every chain was 5 % of the finder's time on phone fields).
const groupStarts: number[] = [];
const groupEnds: number[] = [];
let groupCount = 0;
// Per group of the chain: digits covered by the best split from here on (-1 until solved), where
// the number starting at this group ends (or -1) with its E.164 form, and digits from here on.
const coverage: number[] = [];
const digitsFrom: number[] = [];
const segmentEnd: number[] = [];
const segmentNumber: (string | undefined)[] = [];

interface Scan {
  readonly text: string;
  readonly masked: string;
  readonly country: CountryCode | undefined;
  readonly label: LabelKind | undefined;
  readonly found: PhoneMatch[];
  /** Offset before which digits were already claimed as tone digits. */
  skipUntil: number;
}

/** Finds the phone numbers in a text. See PhoneMatch for what each result holds. */
export function findPhoneNumbers(text: string, options: FindOptions): PhoneMatch[] {
  const found: PhoneMatch[] = [];
  if (!mayContainPhoneNumber(text)) return found;
  const scan: Scan = {
    text,
    masked: maskTraps(text),
    country: isKnownCountry(options.defaultCountry) ? options.defaultCountry : undefined,
    label: options.label === undefined ? undefined : classifyLabel(options.label),
    found,
    skipUntil: 0,
  };
  const { masked } = scan;
  groupCount = 0;
  for (let at = 0; at < masked.length;) {
    if (!isDigitCode(masked.charCodeAt(at))) {
      at++;
      continue;
    }
    const start = at;
    while (at < masked.length && isDigitCode(masked.charCodeAt(at))) at++;
    const end = at;
    if (groupCount > 0 && !isJoiner(masked, groupEnds[groupCount - 1] ?? 0, start)) {
      examineChain(scan);
      groupCount = 0;
    }
    groupStarts[groupCount] = start;
    groupEnds[groupCount] = end;
    groupCount++;
  }
  if (groupCount > 0) examineChain(scan);
  groupCount = 0;
  return found;
}

function digitsOf(text: string, from: number, to: number): string {
  let digits = '';
  for (let k = from; k <= to; k++) digits += text.slice(groupStarts[k], groupEnds[k]);
  return digits;
}

function separatorBefore(masked: string, k: number): string {
  return masked.slice(groupEnds[k - 1], groupStarts[k]);
}

/** Offset of the `+` that introduces the chain (`+7`, `+ 7`, `(+7)`), or -1. */
function plusBefore(masked: string, start: number): number {
  let at = start - 1;
  if (masked[at] === ' ' || masked[at] === '\u00A0') at--;
  if (masked[at] === '(') at--;
  return masked[at] === '+' ? at : -1;
}

function examineChain(scan: Scan): void {
  const { masked } = scan;
  const count = groupCount;
  if ((groupStarts[0] ?? 0) < scan.skipUntil) return;
  const plus = plusBefore(masked, groupStarts[0] ?? 0);
  prepareSegmentation();
  // Long chains are solved from the end first so that the recursion in segment() stays shallow.
  if (count > 32) for (let i = count - 1; i > 0; i--) segment(scan, i, plus);
  let found = false;
  for (let i = 0; i < count;) {
    segment(scan, i, plus);
    const j = segmentEnd[i] ?? -1;
    const number = segmentNumber[i];
    if (j < 0 || number === undefined) {
      i++;
      continue;
    }
    found = true;
    recordIfPhone(scan, i, j, i === 0 ? plus : -1, number);
    claimSlashShorthand(scan, j, number);
    i = j + 1;
  }
  if (!found) claimLocalContinuation(scan);
}

function prepareSegmentation(): void {
  const count = groupCount;
  digitsFrom[count] = 0;
  for (let k = count - 1; k >= 0; k--) {
    coverage[k] = -1;
    digitsFrom[k] = (digitsFrom[k + 1] ?? 0) + groupLength(k);
  }
}

/**
 * Splits the chain from group i on into numbers so that valid numbers cover as many of its
 * digits as possible, and returns how many they cover. Longer numbers win ties. This is what
 * reads `+7 912 345 67 89 8 912 345 67 90` as two numbers and `030/1234567` as one, and keeps
 * the German `030 1234567 / 0171 1234567` from being read as the valid +49 30 12345670171.
 * It works top-down and stops as soon as one number covers everything, so a well-formatted
 * number costs one libphonenumber call however many groups it has.
 */
function segment(scan: Scan, i: number, plus: number): number {
  const count = groupCount;
  if (i >= count) return 0;
  const known = coverage[i] ?? -1;
  if (known >= 0) return known;
  const { masked } = scan;
  const all = digitsFrom[i] ?? 0;
  let best = 0;
  let end = -1;
  let bestNumber: string | undefined;
  // A number may begin inside a chain only after a space or a slash: never in the middle of a
  // dashed or dotted token such as `4276-3800-…` or `10.2.3.4567`.
  if (i === 0 || separatorHas(masked, i, isSlashOrSpace)) {
    const last = Math.min(count - 1, i + MAX_GROUPS - 1);
    let digits = all - (digitsFrom[last + 1] ?? 0);
    for (let j = last; j >= i; j--) {
      if (j < last) digits -= groupLength(j + 1);
      if (digits < MIN_DIGITS) break;
      if (digits > MAX_DIGITS) continue;
      // …and end inside a chain only before a space or a slash, for the same reason.
      if (j < count - 1 && !separatorHas(masked, j + 1, isSlashOrSpace)) continue;
      if (!bracketsFit(masked, i, j)) continue;
      const number = parseGroups(scan, i, j, i === 0 && plus >= 0);
      if (number === undefined) continue;
      const covered = digits + segment(scan, j + 1, plus);
      if (covered > best) {
        best = covered;
        end = j;
        bestNumber = number;
        if (best === all) break;
      }
    }
  }
  if ((digitsFrom[i + 1] ?? 0) > best) {
    const skipped = segment(scan, i + 1, plus);
    if (skipped > best) {
      best = skipped;
      end = -1;
      bestNumber = undefined;
    }
  }
  coverage[i] = best;
  segmentEnd[i] = end;
  segmentNumber[i] = bestNumber;
  return best;
}

function groupLength(k: number): number {
  return (groupEnds[k] ?? 0) - (groupStarts[k] ?? 0);
}

/**
 * Brackets in a phone number enclose the area code or a `(0)` after the country code, so they
 * open before the first or second group and close by the third. `1 234 567 (2023)` is not one.
 */
function bracketsFit(masked: string, i: number, j: number): boolean {
  for (let k = i + 1; k <= j; k++) {
    const separator = separatorBefore(masked, k);
    if (k - i > 1 && separator.includes('(')) return false;
    if (k - i > 2 && separator.includes(')')) return false;
  }
  return true;
}

function parseGroups(scan: Scan, i: number, j: number, international: boolean): string | undefined {
  const digits = digitsOf(scan.text, i, j);
  if (international) {
    if (digits.length > MAX_INTERNATIONAL_DIGITS) return undefined;
    return parseInternationalDigits(digits, scan.country);
  }
  if (i === j && digits.length > MAX_BARE_DIGITS) return undefined;
  // `55.7512443` is a decimal fraction (a coordinate), not a number with a dot in it.
  if (j === i + 1 && separatorBefore(scan.masked, j) === '.') {
    if (groupLength(i) <= 3 && groupLength(j) >= 4) return undefined;
  }
  // No cache of verdicts: on compiled plans (plans.ts) a verdict costs less than a cache key, and
  // a list's numbers are mostly distinct (40,000 field texts: 2.85 µs each with one, 2.35 without).
  return scan.country ? parseNationalDigits(digits, scan.country) : undefined;
}

/** Judges the number on groups i..j in its context and records it when it is a phone. */
function recordIfPhone(scan: Scan, i: number, j: number, plus: number, number: string): void {
  const { text, masked } = scan;
  let start = plus >= 0 ? plus : (groupStarts[i] ?? 0);
  let end = groupEnds[j] ?? 0;
  // Keep a bracket that opens the number (`(495) 123-45-67`, `(+7) …`) when it is closed inside.
  if (masked[start - 1] === '(' && masked.slice(start, end).includes(')')) start--;
  const open = countOf(masked, '(', start, end);
  if (open > countOf(masked, ')', start, end) && masked[end] === ')') end++;

  const strong = plus >= 0 || open > 0 || (j - i >= 2 && hasPhoneSeparators(masked, i, j));
  if (isGlued(masked, start) && !isGluedToPhoneLabel(text, start)) return;

  let ext: string | undefined;
  let afterNumber = end;
  // Nothing but spaces after the number (a field's whole value, the end of a line): no
  // extension, tone digits, currency, decimal tail or bracketed label can follow, and the five
  // expressions that look for them are not run (a phone field's value is read this way).
  const blankAfter = isBlankFrom(masked, end);
  if (!blankAfter) {
    EXTENSION.lastIndex = end;
    const extension = EXTENSION.exec(masked);
    if (extension?.[1] !== undefined) {
      ext = extension[1];
      afterNumber = EXTENSION.lastIndex;
    } else if (CODE_CHARACTER.test(masked[end] ?? '')) {
      return; // `4951234567руб`, `…567AB`: the digits are part of a code or an amount.
    }
    DTMF_TAIL.lastIndex = afterNumber;
    if (DTMF_TAIL.test(masked)) scan.skipUntil = DTMF_TAIL.lastIndex;

    if (ext === undefined && (isMoneyOrUnitAfter(text, end) || DECIMAL_TAIL.test(text.slice(end))))
      return;
  }

  const evidence: Evidence = {
    strong,
    international: plus >= 0,
    amount: plus < 0 && looksLikeAmount(masked, i, j),
    writtenInFull: () => plus < 0 && isWrittenInFull(digitsOf(text, i, j), number),
  };
  const kind = judge(scan, start, afterNumber, evidence, blankAfter);
  if (kind === undefined) return;
  const match: PhoneMatch = { start, end: afterNumber, number };
  if (ext !== undefined) match.ext = ext;
  if (kind === 'fax') match.kind = 'fax';
  scan.found.push(match);
}

/**
 * Decides from the labels around the number (`start` to `end`, its extension included) whether
 * it is a phone ('phone'), a fax ('fax') or not a phone at all (undefined).
 */
function judge(
  scan: Scan,
  start: number,
  end: number,
  evidence: Evidence,
  blankAfter: boolean,
): 'phone' | 'fax' | undefined {
  const { strong } = evidence;
  const after = blankAfter ? undefined : labelAfter(scan.text, end);
  if (after === 'block') return undefined;
  if (after === 'phone' || after === 'fax') return after;
  const before = labelBefore(scan.text, start);
  // Digits grouped in thousands (`4 951 234 567`) are an amount unless a label says otherwise.
  if (evidence.amount && before?.kind !== 'phone' && before?.kind !== 'fax') return undefined;
  // No label in the text: fall back to the caption the adapter gave, as if written right before.
  const label =
    before ?? (scan.label ? { kind: scan.label, relation: 'direct' as const } : undefined);
  if (!label) return 'phone';
  switch (label.kind) {
    case 'phone':
    case 'fax':
      return label.kind;
    case 'meeting':
      // `Meeting ID: 845 1234 5678` next to `Dial-in: +1 646 558 8656` or `8 800 555 35 35`.
      return evidence.international || evidence.writtenInFull() ? 'phone' : undefined;
    case 'block':
      // `ИНН 7707083893` is never a phone. Further away (`ИНН организации …`, or later in a list
      // after `КПП 773601001 / …`) only a number formatted like a phone escapes the label.
      return label.relation === 'direct' || !strong ? undefined : 'phone';
    case 'generic':
      // `№ 84951234567`, `N° client : 0612345678`: a numbered thing unless formatted as a phone.
      return label.relation !== 'list' && !strong ? undefined : 'phone';
    case 'numberWord':
      // `Номер: 4951234567` is retailCRM's order number, but `номер 89031234567` is a phone:
      // digits written with their trunk prefix or country code are meant to be dialled.
      if (label.relation === 'list' || strong) return 'phone';
      return label.relation === 'direct' && evidence.writtenInFull() ? 'phone' : undefined;
  }
}

/** What the digits themselves say, weighed against the labels in judge(). */
interface Evidence {
  /** Formatted like a phone: a `+`, an area code in brackets, or three groups with spaces/dashes. */
  readonly strong: boolean;
  /** Written with a `+`. */
  readonly international: boolean;
  /** Grouped in thousands like an amount. */
  readonly amount: boolean;
  /** Digits that include the trunk prefix or the country code (`89031234567`, `8 800 …`). */
  readonly writtenInFull: () => boolean;
}

/**
 * Whether the groups are separated the way phone numbers are written (spaces, dashes); a chain
 * joined only by dots may as well be a version or an amount, so it is weaker evidence.
 */
function hasPhoneSeparators(masked: string, i: number, j: number): boolean {
  for (let k = i + 1; k <= j; k++) {
    if (separatorHas(masked, k, isPhoneSeparator)) return true;
  }
  return false;
}

/**
 * `4 951 234 567`, `9.161.234.567`: one to three digits, then groups of exactly three with the
 * same separator. Numbers are never grouped that way, and amounts never start with 0.
 */
function looksLikeAmount(masked: string, i: number, j: number): boolean {
  if (j - i < 2 || groupLength(i) > 3 || masked[groupStarts[i] ?? 0] === '0') return false;
  const separator = separatorBefore(masked, i + 1);
  if (!THOUSANDS_SEPARATOR.test(separator)) return false;
  for (let k = i + 1; k <= j; k++) {
    if (groupLength(k) !== 3 || separatorBefore(masked, k) !== separator) return false;
  }
  return true;
}

/** Whether the number is glued to a code on its left: `DE89…`, `№4951234567`, `SKU-495…`. */
function isGlued(masked: string, start: number): boolean {
  // Nothing or a space on the left, as for most numbers: none of the tests below can hold.
  if (start === 0 || isSpace(masked.charCodeAt(start - 1))) return false;
  const left = masked[start - 1] ?? '';
  if (CODE_CHARACTER.test(left)) return true;
  if (TOKEN_JOINER.test(left) && LETTER.test(masked[start - 2] ?? '')) return true;
  // `1.4951234567`: the digits continue a decimal number. (A comma does not glue: CRMs list
  // numbers as `79161234567,79261234567`.)
  return left === '.' && DIGIT.test(masked[start - 2] ?? '');
}

/** `Тел8 916 123 45 67`, `Tel.+49…`: a phone keyword glued to the digits is still a label. */
function isGluedToPhoneLabel(text: string, start: number): boolean {
  if (!LETTER.test(text[start - 1] ?? '')) return false;
  const label = labelBefore(text, start);
  return label?.relation === 'direct' && (label.kind === 'phone' || label.kind === 'fax');
}

function countOf(text: string, char: string, from: number, to: number): number {
  let count = 0;
  for (let k = from; k < to; k++) if (text[k] === char) count++;
  return count;
}

/**
 * `тел. (495) 123-45-67, 123-45-68`: a second number written without the area code it shares
 * with the number right before it in the list. Only a formatted local number directly after a
 * comma or semicolon is read this way, and only if the completed number is valid.
 */
function claimLocalContinuation(scan: Scan): void {
  const count = groupCount;
  const previous = scan.found[scan.found.length - 1];
  if (!previous || count < 2) return;
  const { masked } = scan;
  const start = groupStarts[0] ?? 0;
  const end = groupEnds[count - 1] ?? 0;
  if (!LIST_GAP.test(masked.slice(previous.end, start))) return;
  if (CODE_CHARACTER.test(masked[end] ?? '')) return;
  for (let k = 1; k < count; k++) {
    if (!LOCAL_SEPARATOR.test(separatorBefore(masked, k))) return;
  }
  const digits = digitsOf(scan.text, 0, count - 1);
  const parsed = parseE164(previous.number);
  const national = parsed?.nationalNumber ?? '';
  if (!parsed || digits.length < 5 || digits.length >= national.length - 1) return;
  const number = `+${parsed.countryCallingCode}${national.slice(0, national.length - digits.length)}${digits}`;
  if (!parseE164(number)?.isValid()) return;
  const match: PhoneMatch = { start, end, number };
  if (previous.kind) match.kind = previous.kind;
  scan.found.push(match);
}

/**
 * `8 (495) 123-45-67/68` is shorthand for two numbers that differ in the last digits. When a
 * slash is followed by one group as long as the number's last group, it is read that way.
 */
function claimSlashShorthand(scan: Scan, j: number, number: string): void {
  const count = groupCount;
  if (j + 1 !== count - 1) return;
  const separator = separatorBefore(scan.masked, j + 1).trim();
  if (separator !== '/') return;
  const lastLength = (groupEnds[j] ?? 0) - (groupStarts[j] ?? 0);
  const start = groupStarts[j + 1] ?? 0;
  const end = groupEnds[j + 1] ?? 0;
  if (end - start !== lastLength || lastLength < 2 || lastLength > 4) return;
  const previous = scan.found[scan.found.length - 1];
  if (!previous || previous.number !== number) return;
  const sibling = number.slice(0, number.length - lastLength) + scan.text.slice(start, end);
  if (!parseE164(sibling)?.isValid()) return;
  const match: PhoneMatch = { start, end, number: sibling };
  if (previous.kind) match.kind = previous.kind;
  scan.found.push(match);
}
