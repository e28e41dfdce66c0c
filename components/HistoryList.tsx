import { useState } from 'preact/hooks';
import { i18n } from '#i18n';
import {
  formatCallTime,
  formatDuration,
  formatFullTime,
  numberLabel,
  resultLabel,
  safeHttpUrl,
  uiLocale,
} from '@/lib/calls/format';
import type { HistoryFilter } from '@/lib/calls/history';
import { isCallable } from '@/lib/calls/numbers';
import type { CallRecord } from '@/lib/calls/types';
import type { LabelKey } from '@/lib/labels';
import { RemindButtons, type RemindWhen } from './RemindButtons';

const FILTERS: Array<[HistoryFilter, LabelKey]> = [
  ['all', 'history_all'],
  ['missed', 'history_missed'],
  ['incoming', 'history_incoming'],
  ['outgoing', 'history_outgoing'],
];

/**
 * The call history: tabs (all / missed / incoming / outgoing), a search box, and one row per
 * call with direction, result, talk time, time, recording and CRM links. Clicking a number shows
 * that number's history. The parent queries (lib/calls/history.ts `listCalls`) and pages; this
 * only renders what it is given.
 *
 * Links come from the PBX and the CRM: only http(s) ones become links, opened with
 * rel="noopener noreferrer" so the page cannot reach back into the popup.
 */
export function HistoryList(props: {
  calls: CallRecord[];
  filter: HistoryFilter;
  search: string;
  now: number;
  locale?: string;
  /** Set while showing one number's history. */
  number?: string;
  hasMore?: boolean;
  onFilter: (filter: HistoryFilter) => void;
  onSearch: (text: string) => void;
  onCall: (call: CallRecord) => void;
  onRemind?: (call: CallRecord, when: RemindWhen) => void;
  onNumber?: (number: string) => void;
  onBack?: () => void;
  onMore?: () => void;
}) {
  const locale = props.locale ?? uiLocale();
  const [reminding, setReminding] = useState<string | null>(null);
  return (
    <div class="history">
      {props.number !== undefined && (
        <div class="history-number">
          <button type="button" class="link-button" onClick={props.onBack}>
            ← {i18n.t('history_back')}
          </button>
          <h3>{i18n.t('history_ofNumber', [numberLabel(props.number)])}</h3>
        </div>
      )}
      <div class="history-tabs" role="tablist">
        {FILTERS.map(([filter, label]) => (
          <button
            key={filter}
            type="button"
            role="tab"
            aria-selected={props.filter === filter}
            class={props.filter === filter ? 'tab selected' : 'tab'}
            data-filter={filter}
            onClick={() => props.onFilter(filter)}
          >
            {i18n.t(label)}
          </button>
        ))}
      </div>
      {props.number === undefined && (
        <input
          class="history-search"
          type="search"
          placeholder={i18n.t('history_search')}
          aria-label={i18n.t('history_search')}
          value={props.search}
          onInput={(e) => props.onSearch(e.currentTarget.value)}
        />
      )}
      {props.calls.length === 0 ? (
        <p class="empty">{i18n.t('history_empty')}</p>
      ) : (
        <ul class="history-list">
          {props.calls.map((call) => (
            <HistoryRow
              key={call.id}
              call={call}
              now={props.now}
              locale={locale}
              reminding={reminding === call.id}
              onToggleRemind={() => setReminding(reminding === call.id ? null : call.id)}
              onCall={props.onCall}
              {...(props.onNumber ? { onNumber: props.onNumber } : {})}
              onRemind={
                props.onRemind &&
                ((c, when) => {
                  setReminding(null);
                  props.onRemind?.(c, when);
                })
              }
            />
          ))}
        </ul>
      )}
      {props.hasMore && props.onMore && (
        <button type="button" class="history-more" onClick={props.onMore}>
          {i18n.t('history_more')}
        </button>
      )}
    </div>
  );
}

function HistoryRow(props: {
  call: CallRecord;
  now: number;
  locale: string;
  reminding: boolean;
  onToggleRemind: () => void;
  onCall: (call: CallRecord) => void;
  onRemind?: ((call: CallRecord, when: RemindWhen) => void) | undefined;
  onNumber?: (number: string) => void;
}) {
  const { call, now, locale } = props;
  const name = call.contactName ?? call.remoteName;
  const number = numberLabel(call.number, call.ext);
  const recording = safeHttpUrl(call.recordingUrl);
  const contact = safeHttpUrl(call.contactUrl);
  const callable = isCallable(call.number);
  const direction = call.direction ?? 'incoming';
  return (
    <li
      class={`history-row ${direction}${call.missed ? ' missed' : ''}`}
      data-call={call.id}
      data-result={call.result ?? 'in-progress'}
    >
      <span
        class="direction"
        role="img"
        aria-label={i18n.t(direction === 'incoming' ? 'dir_incoming' : 'dir_outgoing')}
        title={i18n.t(direction === 'incoming' ? 'dir_incoming' : 'dir_outgoing')}
      >
        {direction === 'incoming' ? '↙' : '↗'}
      </span>
      <div class="history-who">
        {name && <span class="history-name">{name}</span>}
        {props.onNumber && callable ? (
          <button
            type="button"
            class="link-button history-number-link"
            onClick={() => props.onNumber?.(call.number)}
          >
            {number}
          </button>
        ) : (
          <span class="history-number-text">{number}</span>
        )}
      </div>
      <div class="history-meta">
        <span class={`result result-${call.result ?? 'in-progress'}`}>
          {resultLabel(call.result)}
        </span>
        {call.short && (
          <span class="tag short" title={i18n.t('missed_shortHint')}>
            {i18n.t('missed_short')}
          </span>
        )}
        {!!call.durationSec && <span class="duration">{formatDuration(call.durationSec)}</span>}
        <time
          dateTime={new Date(call.startedAt).toISOString()}
          title={formatFullTime(call.startedAt, locale)}
        >
          {formatCallTime(call.startedAt, now, locale)}
        </time>
      </div>
      <div class="history-actions">
        {recording && (
          <a class="recording" href={recording} target="_blank" rel="noopener noreferrer">
            {i18n.t('history_recording')}
          </a>
        )}
        {contact && (
          <a class="contact" href={contact} target="_blank" rel="noopener noreferrer">
            {i18n.t('history_openContact')}
          </a>
        )}
        {callable && (
          <button type="button" class="small" onClick={() => props.onCall(call)}>
            {i18n.t('call')}
          </button>
        )}
        {callable && props.onRemind && (
          <button
            type="button"
            class="small link-button"
            aria-expanded={props.reminding}
            onClick={props.onToggleRemind}
          >
            {i18n.t('history_remind')}
          </button>
        )}
      </div>
      {props.reminding && props.onRemind && (
        <RemindButtons now={now} onRemind={(when) => props.onRemind?.(call, when)} />
      )}
    </li>
  );
}
