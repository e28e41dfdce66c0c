import { signal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import { i18n } from '#i18n';
import { CallControls } from '@/components/CallControls';
import { DialPad } from '@/components/DialPad';
import {
  CallLog,
  dueCount,
  missedCount,
  reloadCallLog,
  showNumberHistory,
  type LogTab,
} from './CallLog';
import { StatusHeader } from '@/components/StatusHeader';
import { errorLabel } from '@/lib/labels';
import { uiMessaging } from '@/lib/messaging';
import { formatForDisplay, guessDefaultCountry, normalizeDialInput } from '@/lib/phone/dial';
import { callersItem, phonePrefsItem, phoneSnapshotItem } from '@/lib/storage/items';
import type { CountryCode } from 'libphonenumber-js';
import type { PhoneCommand, PhoneSnapshot } from '@/lib/sip/types';

const snapshot = signal<PhoneSnapshot | null>(null);
const callers = signal<Record<string, { name?: string; recordUrl?: string }>>({});
const now = signal(Date.now());
const dialValue = signal('');
const dialError = signal<string | undefined>(undefined);
const commandError = signal<string | undefined>(undefined);
const micState = signal<PermissionState | 'unknown'>('unknown');

/** How long an ended call stays on screen. */
const RECENT_END_MS = 15_000;

const country = signal<CountryCode>(guessDefaultCountry(navigator.languages));
void phonePrefsItem.getValue().then((p) => {
  if (p.defaultCountry) country.value = p.defaultCountry as CountryCode;
});

async function send(cmd: PhoneCommand): Promise<void> {
  commandError.value = undefined;
  const result = await uiMessaging.sendMessage('phone:command', cmd);
  if (!result.ok) commandError.value = errorLabel(result.error);
}

function dialFromPad(): void {
  const parsed = normalizeDialInput(dialValue.value, country.value);
  if (!parsed.ok) {
    dialError.value = i18n.t('invalidNumber');
    return;
  }
  dialError.value = undefined;
  void send({
    type: 'dial',
    target: parsed.target,
    ...(parsed.ext ? { ext: parsed.ext } : {}),
  }).then(() => {
    if (!commandError.value) dialValue.value = '';
  });
}

/** Dial requests from the transfer form go through the same normalisation as the pad. */
function onCommand(cmd: PhoneCommand): void {
  if (cmd.type !== 'dial') {
    void send(cmd);
    return;
  }
  const parsed = normalizeDialInput(cmd.target, country.value);
  if (!parsed.ok) commandError.value = i18n.t('invalidNumber');
  else void send({ ...cmd, target: parsed.target });
}

/** The number as it will be dialled, when it differs from what was typed. */
function dialPreview(raw: string): string | undefined {
  const parsed = normalizeDialInput(raw, country.value);
  if (!parsed.ok) return undefined;
  const shown = parsed.target.startsWith('+') ? formatForDisplay(parsed.target) : parsed.target;
  const text = parsed.ext ? `${shown} (${parsed.ext})` : shown;
  return text === raw.trim() ? undefined : text;
}

async function watchMicrophone(): Promise<void> {
  try {
    const status = await navigator.permissions.query({ name: 'microphone' as PermissionName });
    micState.value = status.state;
    status.onchange = () => (micState.value = status.state);
  } catch {
    micState.value = 'unknown'; // Browsers without the 'microphone' permission name.
  }
}

function openSettings(): void {
  void browser.runtime.openOptionsPage();
}

type Tab = 'phone' | LogTab;
const tab = signal<Tab>('phone');

function openStats(): void {
  void browser.tabs.create({ url: browser.runtime.getURL('/stats.html') });
}

/** Calls from the call log's lists go to the phone tab, where the call shows. */
function dialFromLog(target: string, ext?: string): void {
  tab.value = 'phone';
  void send({ type: 'dial', target, ...(ext ? { ext } : {}) });
}

/**
 * The popup: registration, the current calls and the dial pad, and the call log's tabs (missed
 * calls, callback tasks, history). Also the notification's call window (`?view=call`).
 */
export function App(props: { view: string | null; number?: string | null }) {
  useEffect(() => {
    if (props.view === 'missed' || props.view === 'tasks' || props.view === 'history')
      tab.value = props.view;
    // The URL is ours, but check the number anyway: it ends up in a database query.
    if (props.view === 'history' && props.number && /^\+\d{7,15}$/.test(props.number))
      showNumberHistory(props.number);
    void phoneSnapshotItem.getValue().then((s) => s && (snapshot.value = s));
    void callersItem.getValue().then((c) => (callers.value = c));
    const unwatchCallers = callersItem.watch((c) => (callers.value = c));
    const unwatch = phoneSnapshotItem.watch((s) => {
      // A call that just ended is in the log now (the background recorded it first).
      const ended = (s?.calls.length ?? 0) !== (snapshot.value?.calls.length ?? 0);
      snapshot.value = s;
      if (ended) void reloadCallLog(country.value);
    });
    void uiMessaging.sendMessage('phone:snapshot').then((s) => (snapshot.value = s));
    void watchMicrophone();
    const timer = setInterval(() => (now.value = Date.now()), 1000);
    return () => {
      unwatch();
      unwatchCallers();
      clearInterval(timer);
    };
  }, []);

  const snap = snapshot.value;
  const live = (snap?.calls ?? []).filter((c) => c.status !== 'ended');
  // While nothing is live, the last ended call stays a moment so the user sees how it ended.
  const lastEnded = (snap?.calls ?? [])
    .filter((c) => c.status === 'ended' && now.value - (c.endedAt ?? 0) < RECENT_END_MS)
    .sort((a, b) => (b.endedAt ?? 0) - (a.endedAt ?? 0))[0];
  const calls = live.length > 0 ? live : lastEnded ? [lastEnded] : [];
  const registered = snap?.registration.status === 'registered';
  return (
    <main class={`popup ${props.view === 'call' ? 'call-view' : ''}`}>
      <StatusHeader
        registration={snap?.registration ?? null}
        now={now.value}
        onOpenSettings={openSettings}
      />
      {micState.value !== 'granted' && micState.value !== 'unknown' && (
        <p class="alert bad mic-missing" role="alert">
          {i18n.t('micMissing')}
        </p>
      )}
      {commandError.value && (
        <p class="alert bad command-error" role="alert">
          {commandError.value}
        </p>
      )}
      {/* Firefox captures each call's microphone in this window (lib/sip/call-window.ts). */}
      {import.meta.env.FIREFOX && props.view === 'call' && live.length > 0 && (
        <p class="alert keeps-mic" role="note">
          {i18n.t('callWindowKeepsMic')}
        </p>
      )}
      <div class="calls">
        {calls.map((call) => (
          <CallControls
            key={call.id}
            call={call}
            contact={callers.value[call.id]}
            others={live.filter((c) => c.id !== call.id)}
            now={now.value}
            onCommand={onCommand}
          />
        ))}
      </div>
      <nav class="tabs" role="tablist">
        {(
          [
            ['phone', i18n.t('tab_phone'), 0],
            ['missed', i18n.t('history_missed'), missedCount.value],
            ['tasks', i18n.t('task_title'), dueCount.value],
            ['history', i18n.t('tab_history'), 0],
          ] as const
        ).map(([id, label, count]) => (
          <button
            type="button"
            role="tab"
            key={id}
            class={`tab tab-${id}`}
            aria-selected={tab.value === id}
            onClick={() => (tab.value = id)}
          >
            {label}
            {count > 0 && <span class="tab-count">{count}</span>}
          </button>
        ))}
        <button type="button" class="link-button stats-link" onClick={openStats}>
          {i18n.t('tab_stats')}
        </button>
      </nav>
      {tab.value !== 'phone' && (
        <CallLog tab={tab.value} now={now.value} country={country.value} onDial={dialFromLog} />
      )}
      {tab.value === 'phone' && (props.view !== 'call' || live.length === 0) && (
        <DialPad
          value={dialValue.value}
          onInput={(v) => {
            dialValue.value = v;
            dialError.value = undefined;
          }}
          onDial={dialFromPad}
          disabled={!registered}
          error={dialError.value}
          preview={dialPreview(dialValue.value)}
        />
      )}
    </main>
  );
}
