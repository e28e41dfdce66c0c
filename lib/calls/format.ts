/**
 * Words and formats for the call log's UI: result labels, times, durations, safe links. Dates
 * and numbers are formatted with Intl in the language the messages are shown in, so a Russian
 * UI never says "Mar 2, 2:05 PM", and a German browser that gets the English messages gets
 * English dates rather than a mixture.
 */
import { i18n } from '#i18n';
import type { LabelKey } from '../labels';
import { formatForDisplay } from '../phone/dial';
import type { CallResult, CallbackHow } from './types';

const RESULTS: Record<CallResult, LabelKey> = {
  answered: 'result_answered',
  missed: 'result_missed',
  busy: 'result_busy',
  'no-answer': 'result_noAnswer',
  cancelled: 'result_cancelled',
  failed: 'result_failed',
  rejected: 'result_rejected',
  'answered-elsewhere': 'result_answeredElsewhere',
};

const HOWS: Record<CallbackHow, LabelKey> = {
  softphone: 'callbackHow_softphone',
  'desk-phone': 'callbackHow_deskPhone',
  pbx: 'callbackHow_pbx',
};

export function resultLabel(result: CallResult | undefined): string {
  return i18n.t(result ? RESULTS[result] : 'result_inProgress');
}

export function callbackHowLabel(how: CallbackHow): string {
  return i18n.t(HOWS[how]);
}

/**
 * The locale for Intl: the browser's own when it is a variant of the messages' language
 * (en-GB, ru-UA), else the messages' language itself.
 */
export function uiLocale(
  languages: readonly string[] = globalThis.navigator?.languages ?? [],
): string {
  const messages = i18n.t('intlLocale') || 'en';
  const variant = languages.find((tag) => tag.toLowerCase().split('-')[0] === messages);
  return variant ?? messages;
}

/** Formatters are slow to create and a list of a hundred rows needs hundreds of dates. */
const cache = new Map<string, Intl.DateTimeFormat>();
function dateFormat(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let format = cache.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, options);
    cache.set(key, format);
  }
  return format;
}

const DAY = 86_400_000;

/** "14:05" today, "Tue 14:05" this week, "2 Mar, 14:05" before, with the year when not this one. */
export function formatCallTime(at: number, now: number, locale: string): string {
  const date = new Date(at);
  const today = new Date(now);
  const time: Intl.DateTimeFormatOptions = { hour: 'numeric', minute: '2-digit' };
  if (date.toDateString() === today.toDateString()) return dateFormat(locale, time).format(date);
  const startOfToday = new Date(today.getFullYear(), today.getMonth(), today.getDate()).getTime();
  if (at >= startOfToday - 6 * DAY && at < now)
    return dateFormat(locale, { weekday: 'short', ...time }).format(date);
  return dateFormat(locale, {
    day: 'numeric',
    month: 'short',
    ...(date.getFullYear() !== today.getFullYear() ? { year: 'numeric' } : {}),
    ...time,
  }).format(date);
}

/** The full date and time, for tooltips. */
export function formatFullTime(at: number, locale: string): string {
  return dateFormat(locale, { dateStyle: 'full', timeStyle: 'short' }).format(new Date(at));
}

/** Talk time: "0:42", "12:05", "1:02:09", as call logs and phones show it. */
export function formatDuration(totalSec: number): string {
  const sec = Math.max(0, Math.round(totalSec));
  const h = Math.floor(sec / 3600);
  const m = Math.floor((sec % 3600) / 60);
  const s = String(sec % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

/** The weekday names in the locale's order of the week, as [getDay index, name]. */
export function weekdays(locale: string): Array<[number, string]> {
  const format = dateFormat(locale, { weekday: 'short' });
  // 2026-03-01 was a Sunday: day i of that week has getDay() === i.
  const names = Array.from({ length: 7 }, (_, i) => format.format(new Date(2026, 2, 1 + i)));
  const first = firstDayOfWeek(locale);
  return Array.from({ length: 7 }, (_, i) => {
    const day = (first + i) % 7;
    return [day, names[day]!] as [number, string];
  });
}

/** 0 = Sunday … 6 = Saturday. Intl.Locale's week info where the browser has it. */
function firstDayOfWeek(locale: string): number {
  try {
    const loc = new Intl.Locale(locale) as Intl.Locale & {
      getWeekInfo?: () => { firstDay: number };
      weekInfo?: { firstDay: number };
    };
    const info = loc.getWeekInfo?.() ?? loc.weekInfo;
    if (info) return info.firstDay % 7; // Intl counts Monday = 1 … Sunday = 7
  } catch {
    // An odd tag: fall through to the language's habit.
  }
  return /^en-(US|CA)$|^en$/i.test(locale) ? 0 : 1;
}

/**
 * A link from a PBX or CRM, made safe to put in an href: http(s) only. A `javascript:` or
 * `data:` URL in a recording link would run in the popup's origin, with the extension's rights.
 */
export function safeHttpUrl(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.href : undefined;
  } catch {
    return undefined;
  }
}

/** The number as people read it: `+7 495 123 45 67 ext. 12`, or "Withheld number". */
export function numberLabel(number: string, ext?: string): string {
  if (number === 'anonymous') return i18n.t('withheldNumber');
  const shown = displayNumber(number);
  return ext ? `${shown} ${i18n.t('extShort', [ext])}` : shown;
}

/**
 * Parsing a number for display costs more than everything else in a history row, and a log
 * holds the same few hundred numbers many times over.
 */
const displayed = new Map<string, string>();
function displayNumber(number: string): string {
  let shown = displayed.get(number);
  if (shown === undefined) {
    shown = formatForDisplay(number);
    if (displayed.size > 2_000) displayed.clear();
    displayed.set(number, shown);
  }
  return shown;
}
