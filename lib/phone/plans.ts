/**
 * libphonenumber's own answer to "which valid number do these digits make?", computed on
 * compiled numbering plans.
 *
 * Why this exists: the finder asks libphonenumber once per candidate, and a CRM list holds
 * thousands of distinct numbers (the bench's 5,000-row list: 13,500). Each
 * `parsePhoneNumberFromString(…).isValid()` costs ~5 µs, most of it not in the numbering plan
 * but around it: every pattern test builds a new RegExp from the metadata's source string
 * (`matchesEntirely`, 20 % of the time in a Node profile), and argument objects are copied with
 * Babel's object-spread helper per call. Measured in the bench page, removing the calls made the
 * first scan of that list ~100 ms faster.
 *
 * So this module follows libphonenumber-js's `parse()` + `isValid()` step for step, for the only
 * input the finder has — ASCII digits, optionally after a `+` — reading the same metadata
 * through the library's own `Metadata` accessors, with every pattern compiled once. It does not
 * reinterpret the numbering plans; each function below names the library function it mirrors
 * (libphonenumber-js 1.13, `es6/helpers/`). What it does not mirror (non-geographic calling codes
 * such as +800, anything that is not plain digits) it hands back as ASK_LIBRARY, and the caller
 * asks libphonenumber itself. `plans.test.ts` compares both answers on every country of the
 * metadata, so a library upgrade that changes the algorithm fails there.
 */
import { Metadata, type CountryCode, type MetadataJson } from 'libphonenumber-js/core';

/** "Not mirrored here: ask libphonenumber" (see the module comment). */
export const ASK_LIBRARY = Symbol('ask libphonenumber');

/** libphonenumber's MIN_LENGTH_FOR_NSN and MAX_LENGTH_FOR_NSN (constants.js). */
const MIN_NATIONAL = 2;
const MAX_NATIONAL = 17;
/** libphonenumber's MAX_LENGTH_COUNTRY_CODE. */
const MAX_CALLING_CODE = 3;

/** The number types getNumberType() tries, in its order: fixed line first, then these. */
const TYPES = [
  'FIXED_LINE',
  'MOBILE',
  'PREMIUM_RATE',
  'TOLL_FREE',
  'SHARED_COST',
  'VOIP',
  'PERSONAL_NUMBER',
  'PAGER',
  'UAN',
  'VOICEMAIL',
] as const;

/**
 * The parts of libphonenumber's NumberingPlan this module reads. They exist at run time on
 * `Metadata#numberingPlan`, but the library's type declarations leave most of them out.
 */
interface NumberingPlanView {
  callingCode(): string;
  IDDPrefix(): string | undefined;
  nationalNumberPattern(): string;
  possibleLengths(): number[] | undefined;
  nationalPrefixForParsing(): string | undefined;
  nationalPrefixTransformRule(): string | undefined;
  leadingDigits(): string | undefined;
  hasTypes(): boolean;
  type(name: string): { pattern(): string; possibleLengths(): number[] | undefined } | undefined;
}

interface CompiledType {
  readonly pattern: RegExp;
  readonly lengths: readonly number[] | undefined;
}

/** One country's numbering plan, every pattern compiled once. */
interface Plan {
  readonly callingCode: string;
  /** `^(?:IDD)`: stripIddPrefix() uses the first match, which starts at 0 when it is used. */
  readonly idd: RegExp;
  /** `^(?:pattern)$`, as matchesEntirely() builds it. */
  readonly national: RegExp;
  readonly lengths: readonly number[] | undefined;
  /** `^(?:national prefix for parsing)`, as extractNationalNumberFromPossiblyIncompleteNumber(). */
  readonly prefix: RegExp | undefined;
  readonly transform: string | undefined;
  /** `^(?:leading digits)`: getCountryByNationalNumber() asks `search() === 0`. */
  readonly leading: RegExp | undefined;
  /** Undefined for 'min' metadata (no types): then the national pattern alone decides. */
  readonly types: readonly CompiledType[] | undefined;
}

const entirely = (source: string) => new RegExp(`^(?:${source})$`);
const atStart = (source: string) => new RegExp(`^(?:${source})`);

export class CompiledPlans {
  private readonly meta: Metadata;
  private readonly json: MetadataJson & { nonGeographic?: Record<string, unknown> };
  private readonly plans = new Map<string, Plan>();

  constructor(json: MetadataJson) {
    this.json = json;
    this.meta = new Metadata(json);
  }

  /**
   * The valid number (E.164) that libphonenumber makes of `input` — digits, or `+` and digits —
   * read with `defaultCountry`, as `parsePhoneNumberFromString(input, defaultCountry)` followed
   * by `isValid()` would; undefined when that would be no valid number; ASK_LIBRARY for input
   * this module does not mirror.
   */
  valid(input: string, defaultCountry?: CountryCode): string | undefined | typeof ASK_LIBRARY {
    if (!/^\+?\d+$/.test(input)) return ASK_LIBRARY;
    // parse() → parsePhoneNumber() → extractCountryCallingCode()
    let number = input;
    let callingCode: string | undefined;
    let rest: string;
    if (number[0] !== '+') {
      if (!defaultCountry) return undefined; // INVALID_COUNTRY
      const plan = this.plan(defaultCountry);
      const withoutIdd = stripIddPrefix(number, plan);
      if (withoutIdd && withoutIdd !== number) {
        number = `+${withoutIdd}`;
      } else {
        const shorter = this.withoutPlusSign(number, plan);
        if (shorter !== undefined) {
          callingCode = plan.callingCode;
          rest = shorter;
        } else {
          rest = number;
        }
        return this.finish(callingCode, rest, defaultCountry);
      }
    }
    if (number[1] === '0') return undefined;
    for (let i = 2; i - 1 <= MAX_CALLING_CODE && i <= number.length; i++) {
      const code = number.slice(1, i);
      if (this.countriesOf(code)) return this.finish(code, number.slice(i), defaultCountry);
      if (this.json.nonGeographic?.[code]) return ASK_LIBRARY;
    }
    return undefined;
  }

  /** The rest of parsePhoneNumber() and parse(), then isValidNumber(). */
  private finish(
    extractedCode: string | undefined,
    rest: string,
    defaultCountry: CountryCode | undefined,
  ): string | undefined {
    let plan: Plan;
    let callingCode: string;
    if (extractedCode) {
      callingCode = extractedCode;
      plan = this.plan(this.mainCountryOf(extractedCode));
    } else if (rest && defaultCountry) {
      plan = this.plan(defaultCountry);
      callingCode = plan.callingCode;
    } else return undefined;
    if (!rest) return undefined; // TOO_SHORT
    const national = this.extractNationalNumber(rest, plan);
    const exact = this.countryByCallingCode(callingCode, national);
    if (exact) plan = this.plan(exact);
    if (national.length < MIN_NATIONAL || national.length > MAX_NATIONAL) return undefined;
    // isValidNumber() selects the plan by the number's country, else by its calling code: `plan`
    // is that one (the calling code's main country when no country was found).
    return isValid(national, plan) ? `+${callingCode}${national}` : undefined;
  }

  /** extractNationalNumber(number, undefined, metadata) with `plan` selected. */
  private extractNationalNumber(number: string, plan: Plan): string {
    const national = extractPossiblyIncomplete(number, plan);
    if (national === number) return national;
    // shouldHaveExtractedNationalPrefix()
    if (plan.national.test(number) && !plan.national.test(national)) return number;
    if (plan.lengths) {
      const country = this.countryByCallingCode(plan.callingCode, national);
      const lengths = country ? this.plan(country).lengths : plan.lengths;
      const fit = checkNumberLength(national, lengths);
      if (fit === 'TOO_SHORT' || fit === 'INVALID_LENGTH') return number;
    }
    return national;
  }

  /**
   * extractCountryCallingCodeFromInternationalNumberWithoutPlusSign(): digits that begin with the
   * default country's calling code (`79161234567` in Russia) and read better without it. Returns
   * the digits after the code, or undefined.
   */
  private withoutPlusSign(number: string, plan: Plan): string | undefined {
    const code = plan.callingCode;
    if (!number.startsWith(code)) return undefined;
    const shorter = number.slice(code.length);
    const shorterNational = this.extractNationalNumber(shorter, plan);
    const national = this.extractNationalNumber(number, plan);
    if (
      (!plan.national.test(national) && plan.national.test(shorterNational)) ||
      checkNumberLength(national, plan.lengths) === 'TOO_LONG'
    )
      return shorter;
    return undefined;
  }

  /** getCountryByCallingCode() → getCountryByNationalNumber(). */
  private countryByCallingCode(callingCode: string, national: string): string | undefined {
    const countries = this.countriesOf(callingCode);
    if (!countries) return undefined;
    if (countries.length === 1) return countries[0];
    for (const country of countries) {
      const plan = this.plan(country);
      if (plan.leading) {
        if (national && plan.leading.test(national)) return country;
      } else if (hasNumberType(national, plan)) {
        return country;
      }
    }
    return undefined;
  }

  /** Metadata#getCountryCodesForCallingCode(). */
  private countriesOf(callingCode: string): readonly string[] | undefined {
    const countries = this.json.country_calling_codes[callingCode];
    if (!countries || (countries.length === 1 && countries[0]!.length === 3)) return undefined;
    return countries;
  }

  private mainCountryOf(callingCode: string): string {
    return this.countriesOf(callingCode)![0]!;
  }

  private plan(country: string): Plan {
    const cached = this.plans.get(country);
    if (cached) return cached;
    this.meta.selectNumberingPlan(country as CountryCode);
    const view = this.meta.numberingPlan as unknown as NumberingPlanView;
    const prefix = view.nationalPrefixForParsing();
    const leading = view.leadingDigits();
    const plan: Plan = {
      callingCode: view.callingCode(),
      // stripIddPrefix() builds `new RegExp(IDDPrefix())`, which for a missing prefix is the
      // empty pattern: it matches nothing of the number, so no IDD is stripped.
      idd: atStart(view.IDDPrefix() ?? '(?:)'),
      national: entirely(view.nationalNumberPattern()),
      lengths: view.possibleLengths(),
      prefix: prefix ? atStart(prefix) : undefined,
      transform: view.nationalPrefixTransformRule(),
      leading: leading ? atStart(leading) : undefined,
      types: view.hasTypes() ? compileTypes(view) : undefined,
    };
    this.plans.set(country, plan);
    return plan;
  }
}

function compileTypes(view: NumberingPlanView): CompiledType[] {
  const types: CompiledType[] = [];
  for (const name of TYPES) {
    const type = view.type(name);
    // isNumberTypeEqualTo(): a type without a pattern never matches.
    if (!type?.pattern()) continue;
    types.push({ pattern: entirely(type.pattern()), lengths: type.possibleLengths() });
  }
  return types;
}

/** isValidNumber(): getNumberType() !== undefined, or the national pattern for 'min' plans. */
function isValid(national: string, plan: Plan): boolean {
  return plan.types ? hasNumberType(national, plan) : plan.national.test(national);
}

/** getNumberType() !== undefined. A plan without types ('min' metadata) has none. */
function hasNumberType(national: string, plan: Plan): boolean {
  if (!plan.national.test(national) || !plan.types) return false;
  for (const type of plan.types) {
    if (type.lengths && !type.lengths.includes(national.length)) continue;
    if (type.pattern.test(national)) return true;
  }
  return false;
}

/** stripIddPrefix(): the digits after the international prefix, or undefined. */
function stripIddPrefix(number: string, plan: Plan): string | undefined {
  const match = plan.idd.exec(number);
  if (!match) return undefined;
  const rest = number.slice(match[0].length);
  // A `0` right after the prefix means it was not one (`00` then an area code).
  if (rest[0] === '0') return undefined;
  return rest;
}

/** extractNationalNumberFromPossiblyIncompleteNumber(), the national number only. */
function extractPossiblyIncomplete(number: string, plan: Plan): string {
  if (!number || !plan.prefix) return number;
  const match = plan.prefix.exec(number);
  if (!match) return number;
  const groups = match.length - 1;
  const hasGroups = groups > 0 && Boolean(match[groups]);
  if (plan.transform && hasGroups) return number.replace(plan.prefix, plan.transform);
  return number.slice(match[0].length);
}

/** checkNumberLength() without a type. */
function checkNumberLength(
  national: string,
  lengths: readonly number[] | undefined,
): 'IS_POSSIBLE' | 'TOO_SHORT' | 'TOO_LONG' | 'INVALID_LENGTH' {
  if (!lengths) return 'IS_POSSIBLE';
  const length = national.length;
  const min = lengths[0]!;
  if (min === length) return 'IS_POSSIBLE';
  if (min > length) return 'TOO_SHORT';
  if (lengths[lengths.length - 1]! < length) return 'TOO_LONG';
  return lengths.indexOf(length, 1) >= 0 ? 'IS_POSSIBLE' : 'INVALID_LENGTH';
}
