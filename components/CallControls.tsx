import { useEffect, useState } from 'preact/hooks';
import { i18n } from '#i18n';
import { safeHttpUrl } from '@/lib/calls/format';
import { callStatusLabel, endLabel } from '@/lib/labels';
import { formatForDisplay } from '@/lib/phone/dial';
import type { CallView, PhoneCommand } from '@/lib/sip/types';
import { Keypad } from './Keypad';

function duration(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const mm = String(Math.floor(s / 60)).padStart(2, '0');
  const ss = String(s % 60).padStart(2, '0');
  return `${mm}:${ss}`;
}

/**
 * One call with everything that can be done to it in its current state. The caller's name is
 * untrusted text from the SIP header; Preact renders it as text, never as markup.
 */
export function CallControls(props: {
  call: CallView;
  /** The CRM contact on the call, when the background identified one (over the SIP name). */
  contact?: { name?: string; recordUrl?: string };
  /** Other live calls, offered as the target of an attended transfer. */
  others: CallView[];
  now: number;
  onCommand: (cmd: PhoneCommand) => void;
}) {
  const { call, onCommand } = props;
  const [panel, setPanel] = useState<'none' | 'keypad' | 'transfer'>('none');
  const [target, setTarget] = useState('');
  useEffect(() => {
    if (call.status === 'ended') setPanel('none');
  }, [call.status]);

  const id = call.id;
  const name = props.contact?.name ?? call.remoteName;
  const record = safeHttpUrl(props.contact?.recordUrl);
  const live = call.status !== 'ended';
  const up = call.status === 'active' || call.status === 'held';
  const consults = props.others.filter((c) => c.status === 'active' || c.status === 'held');

  return (
    <section
      class={`call call-${call.status}`}
      data-call-id={id}
      data-status={call.status}
      aria-live="polite"
    >
      <div class="call-who">
        <span class="call-name">{name ?? formatForDisplay(call.remoteNumber)}</span>
        {name && <span class="call-number">{formatForDisplay(call.remoteNumber)}</span>}
        {record && (
          <a class="call-record" href={record} target="_blank" rel="noopener noreferrer">
            {i18n.t('history_openContact')}
          </a>
        )}
      </div>
      <div class="call-state">
        <span class="call-status">{callStatusLabel(call.status)}</span>
        {call.answeredAt !== undefined && live && (
          <span class="call-timer">{duration(props.now - call.answeredAt)}</span>
        )}
        {call.status === 'ended' && call.end && (
          <span class="call-end" data-reason={call.end.reason}>
            {endLabel(call.end.reason)}
          </span>
        )}
        {call.muted && <span class="tag">{i18n.t('muted')}</span>}
        {call.transfer?.status === 'pending' && (
          <span class="tag">{i18n.t('transferPending')}</span>
        )}
        {call.transfer?.status === 'failed' && (
          <span class="tag bad">{i18n.t('err_transferFailed')}</span>
        )}
      </div>
      {call.remoteHold && <p class="alert">{i18n.t('remoteOnHold')}</p>}

      {call.status === 'incoming' && (
        <div class="call-actions">
          <button
            type="button"
            class="primary answer"
            onClick={() => onCommand({ type: 'answer', callId: id })}
          >
            {i18n.t('answer')}
          </button>
          <button
            type="button"
            class="danger decline"
            onClick={() => onCommand({ type: 'decline', callId: id })}
          >
            {i18n.t('decline')}
          </button>
          <button
            type="button"
            class="busy"
            onClick={() => onCommand({ type: 'decline', callId: id, busy: true })}
          >
            {i18n.t('busy')}
          </button>
        </div>
      )}

      {live && call.status !== 'incoming' && (
        <div class="call-actions">
          {up && (
            <button
              type="button"
              class="hold"
              aria-pressed={call.status === 'held'}
              onClick={() => onCommand({ type: 'hold', callId: id, on: call.status !== 'held' })}
            >
              {call.status === 'held' ? i18n.t('resume') : i18n.t('hold')}
            </button>
          )}
          {up && (
            <button
              type="button"
              class="mute"
              aria-pressed={call.muted}
              onClick={() => onCommand({ type: 'mute', callId: id, on: !call.muted })}
            >
              {call.muted ? i18n.t('unmute') : i18n.t('mute')}
            </button>
          )}
          {call.status === 'active' && (
            <button
              type="button"
              class="keypad-toggle"
              aria-expanded={panel === 'keypad'}
              onClick={() => setPanel(panel === 'keypad' ? 'none' : 'keypad')}
            >
              {i18n.t('keypad')}
            </button>
          )}
          {up && (
            <button
              type="button"
              class="transfer-toggle"
              aria-expanded={panel === 'transfer'}
              onClick={() => setPanel(panel === 'transfer' ? 'none' : 'transfer')}
            >
              {i18n.t('transfer')}
            </button>
          )}
          <button
            type="button"
            class="danger hangup"
            onClick={() => onCommand({ type: 'hangup', callId: id })}
          >
            {i18n.t('hangup')}
          </button>
        </div>
      )}

      {panel === 'keypad' && call.status === 'active' && (
        <div class="dtmf">
          <Keypad
            label={i18n.t('keypad')}
            onPress={(k) => onCommand({ type: 'dtmf', callId: id, tones: k })}
          />
          {call.dtmfSent && <p class="dtmf-sent">{i18n.t('dtmfSent', [call.dtmfSent])}</p>}
        </div>
      )}

      {panel === 'transfer' && up && (
        <form
          class="transfer"
          onSubmit={(e) => {
            e.preventDefault();
            if (target.trim())
              onCommand({ type: 'blind-transfer', callId: id, target: target.trim() });
          }}
        >
          <label>
            {i18n.t('transferTarget')}
            <input
              class="transfer-target"
              value={target}
              onInput={(e) => setTarget(e.currentTarget.value)}
            />
          </label>
          <div class="call-actions">
            <button type="submit" class="blind-transfer" disabled={!target.trim()}>
              {i18n.t('blindTransfer')}
            </button>
            <button
              type="button"
              class="consult"
              disabled={!target.trim()}
              onClick={() => {
                // Put this caller on hold and ring the colleague; "Connect" then appears.
                if (call.status === 'active') onCommand({ type: 'hold', callId: id, on: true });
                onCommand({ type: 'dial', target: target.trim() });
              }}
            >
              {i18n.t('consult')}
            </button>
          </div>
          {consults.map((other) => (
            <button
              type="button"
              class="complete-transfer primary"
              key={other.id}
              onClick={() =>
                onCommand({ type: 'attended-transfer', callId: id, consultCallId: other.id })
              }
            >
              {i18n.t('completeTransfer')} → {other.remoteName ?? other.remoteNumber}
            </button>
          ))}
        </form>
      )}
    </section>
  );
}
