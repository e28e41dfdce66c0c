import { i18n } from '#i18n';
import {
  callbackHowLabel,
  formatCallTime,
  formatFullTime,
  numberLabel,
  resultLabel,
  safeHttpUrl,
  uiLocale,
} from '@/lib/calls/format';
import type { MissedGroup } from '@/lib/calls/missed';
import { isCallable } from '@/lib/calls/numbers';
import { RemindButtons, type RemindWhen } from './RemindButtons';

/**
 * Missed calls, one entry per number (several calls from one number are one entry with a
 * count). Open entries carry Call back, Remind in 10/30/60 and Dismiss; entries already called
 * back say when, how, and how the callback went. Names come from the CRM or a SIP header and
 * are rendered as text only.
 */
export function MissedList(props: {
  groups: MissedGroup[];
  now: number;
  locale?: string;
  /** Open callback tasks by number (dueAt), to show the reminder already set. */
  reminders?: ReadonlyMap<string, number>;
  onCall: (group: MissedGroup) => void;
  onRemind: (group: MissedGroup, when: RemindWhen) => void;
  onDismiss: (group: MissedGroup) => void;
  onHistory?: (group: MissedGroup) => void;
}) {
  const locale = props.locale ?? uiLocale();
  if (props.groups.length === 0) return <p class="empty">{i18n.t('missed_empty')}</p>;
  return (
    <ul class="missed-list" aria-label={i18n.t('missed_title')}>
      {props.groups.map((group) => (
        <MissedItem key={group.number} group={group} locale={locale} {...props} />
      ))}
    </ul>
  );
}

function MissedItem(
  props: Parameters<typeof MissedList>[0] & { group: MissedGroup; locale: string },
) {
  const { group, locale, now } = props;
  const number = numberLabel(group.number, group.ext);
  const reminder = props.reminders?.get(group.number);
  const contact = safeHttpUrl(group.contactUrl);
  const callable = isCallable(group.number);
  return (
    <li
      class={`missed-item ${group.open ? 'open' : 'resolved'}`}
      data-number={group.number}
      data-result={group.lastResult}
    >
      <div class="missed-who">
        {group.name ? (
          <>
            {contact ? (
              <a class="missed-name" href={contact} target="_blank" rel="noopener noreferrer">
                {group.name}
              </a>
            ) : (
              <span class="missed-name">{group.name}</span>
            )}
            <span class="missed-number">{number}</span>
          </>
        ) : (
          <span class="missed-name">{number}</span>
        )}
        {group.count > 1 && (
          <span
            class="count-badge"
            title={i18n.t('missed_count', [String(group.count)])}
            aria-label={i18n.t('missed_count', [String(group.count)])}
          >
            ×{group.count}
          </span>
        )}
      </div>
      <div class="missed-meta">
        <time
          dateTime={new Date(group.lastAt).toISOString()}
          title={formatFullTime(group.lastAt, locale)}
        >
          {formatCallTime(group.lastAt, now, locale)}
        </time>
        {group.count > 1 && (
          <span class="missed-first">
            {' – '}
            {formatCallTime(group.firstAt, now, locale)}
          </span>
        )}
        {group.lastResult !== 'missed' && (
          <span class={`result result-${group.lastResult}`}>
            {' '}
            · {resultLabel(group.lastResult)}
          </span>
        )}
        {group.short && (
          <span class="tag short" title={i18n.t('missed_shortHint')}>
            {i18n.t('missed_short')}
          </span>
        )}
      </div>
      {group.calledBack ? (
        <p class="called-back">
          {i18n.t('missed_calledBack', [
            formatCallTime(group.calledBack.at, now, locale),
            callbackHowLabel(group.calledBack.how),
          ])}
          {group.calledBack.result && (
            <span class={`result result-${group.calledBack.result}`}>
              {' · '}
              {resultLabel(group.calledBack.result)}
            </span>
          )}
        </p>
      ) : (
        <div class="missed-actions">
          {callable && (
            <button type="button" class="primary small" onClick={() => props.onCall(group)}>
              {i18n.t('missed_callBack')}
            </button>
          )}
          <button type="button" class="small" onClick={() => props.onDismiss(group)}>
            {i18n.t('missed_dismiss')}
          </button>
          {props.onHistory && (
            <button
              type="button"
              class="small link-button"
              onClick={() => props.onHistory?.(group)}
            >
              {i18n.t('missed_history')}
            </button>
          )}
          {callable && <RemindButtons now={now} onRemind={(when) => props.onRemind(group, when)} />}
        </div>
      )}
      {reminder !== undefined && group.open && (
        <p class="reminder-set">{i18n.t('reminderAt', [formatCallTime(reminder, now, locale)])}</p>
      )}
    </li>
  );
}
