import { signal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import { i18n } from '#i18n';
import { AccountForm } from '@/components/AccountForm';
import { DeviceSelect } from '@/components/DeviceSelect';
import { errorLabel, registrationLabel } from '@/lib/labels';
import { uiMessaging } from '@/lib/messaging';
import { guessDefaultCountry } from '@/lib/phone/dial';
import { Ringtone } from '@/lib/sip/ringtone';
import type { AudioDevices, DtmfMode, PhoneSnapshot, SipAccount } from '@/lib/sip/types';
import { validateAccount, type AccountErrors } from '@/lib/storage/account-schema';
import {
  audioDevicesItem,
  callLogPrefsItem,
  debugLoggingItem,
  phonePrefsItem,
  phoneSnapshotItem,
  screenPopItem,
  sipAccountItem,
  type CallLogPrefs,
  type PhonePrefs,
  type ScreenPopMode,
} from '@/lib/storage/items';

const EMPTY: SipAccount = { wsUrl: '', sipUri: '', authUser: '', password: '', displayName: '' };

const account = signal<SipAccount>(EMPTY);
const errors = signal<AccountErrors>({});
const message = signal<{ tone: 'ok' | 'bad'; text: string } | undefined>(undefined);
const testing = signal(false);
const snapshot = signal<PhoneSnapshot | null>(null);
const mic = signal<PermissionState | 'unknown'>('unknown');
const level = signal<number | null>(null);
const devices = signal<MediaDeviceInfo[]>([]);
const chosen = signal<AudioDevices>({ microphoneId: '', speakerId: '', ringtoneId: '' });
const prefs = signal<PhonePrefs>({ dtmfMode: 'auto', iceServers: [], defaultCountry: '' });
const iceText = signal('');
const iceError = signal(false);
const debug = signal(false);
const screenPop = signal<ScreenPopMode>('answer');
const logPrefs = signal<CallLogPrefs>({ shortCallSec: 5, retentionDays: 180 });

let stopLevel: (() => void) | null = null;
let ringtone: Ringtone | null = null;

async function save(): Promise<void> {
  const result = validateAccount(account.value);
  if (!result.ok) {
    errors.value = result.errors;
    message.value = { tone: 'bad', text: i18n.t('fixErrors') };
    return;
  }
  errors.value = {};
  account.value = result.account;
  await sipAccountItem.setValue(result.account);
  message.value = { tone: 'ok', text: i18n.t('saved') };
}

async function test(): Promise<void> {
  const result = validateAccount(account.value);
  if (!result.ok) {
    errors.value = result.errors;
    message.value = { tone: 'bad', text: i18n.t('fixErrors') };
    return;
  }
  errors.value = {};
  testing.value = true;
  message.value = undefined;
  try {
    const r = await uiMessaging.sendMessage('phone:test-connection', result.account);
    message.value = r.ok
      ? { tone: 'ok', text: i18n.t('testOk', [String(r.ms)]) }
      : {
          tone: 'bad',
          text: i18n.t('testFailed', [errorLabel(r.error) + (r.detail ? ` (${r.detail})` : '')]),
        };
  } finally {
    testing.value = false;
  }
}

async function refreshMicState(): Promise<void> {
  try {
    const status = await navigator.permissions.query({ name: 'microphone' as PermissionName });
    mic.value = status.state;
    status.onchange = () => {
      mic.value = status.state;
      void refreshDevices();
    };
  } catch {
    mic.value = 'unknown';
  }
}

async function refreshDevices(): Promise<void> {
  const all = await navigator.mediaDevices.enumerateDevices();
  devices.value = all.filter((d) => d.kind === 'audioinput' || d.kind === 'audiooutput');
}

/** The one visible place where the browser can ask; the offscreen phone then shares the grant. */
async function allowMicrophone(): Promise<void> {
  try {
    const stream = await navigator.mediaDevices.getUserMedia({ audio: true });
    stream.getTracks().forEach((t) => t.stop());
    mic.value = 'granted';
  } catch {
    mic.value = 'denied';
  }
  await refreshDevices();
}

async function toggleLevel(): Promise<void> {
  if (stopLevel) {
    stopLevel();
    return;
  }
  const id = chosen.value.microphoneId;
  const stream = await navigator.mediaDevices.getUserMedia({
    audio: id ? { deviceId: { exact: id } } : true,
  });
  const ctx = new AudioContext();
  const analyser = ctx.createAnalyser();
  analyser.fftSize = 512;
  ctx.createMediaStreamSource(stream).connect(analyser);
  const data = new Float32Array(analyser.fftSize);
  const timer = setInterval(() => {
    analyser.getFloatTimeDomainData(data);
    const rms = Math.sqrt(data.reduce((sum, x) => sum + x * x, 0) / data.length);
    level.value = Math.min(1, rms * 4);
  }, 60);
  stopLevel = () => {
    clearInterval(timer);
    stream.getTracks().forEach((t) => t.stop());
    void ctx.close();
    level.value = null;
    stopLevel = null;
  };
  level.value = 0;
}

async function chooseDevice(key: keyof AudioDevices, id: string): Promise<void> {
  chosen.value = { ...chosen.value, [key]: id };
  await audioDevicesItem.setValue(chosen.value);
}

async function playRingtone(): Promise<void> {
  ringtone ??= new Ringtone();
  await ringtone.setDevice(chosen.value.ringtoneId);
  ringtone.start();
  setTimeout(() => ringtone?.stop(), 4000);
}

async function saveIceServers(): Promise<void> {
  const lines = iceText.value
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  const bad = lines.some((l) => !/^(stuns?|turns?):[^\s]+$/.test(l));
  iceError.value = bad;
  if (bad) return;
  prefs.value = { ...prefs.value, iceServers: lines };
  await phonePrefsItem.setValue(prefs.value);
}

/** The markets the product is sold in first; any other region can be added here. */
const COUNTRIES = ['RU', 'UA', 'BY', 'KZ', 'US', 'CA', 'GB', 'DE', 'FR'] as const;
const regionNames = new Intl.DisplayNames([browser.i18n.getUILanguage()], { type: 'region' });

async function setCountry(code: string): Promise<void> {
  prefs.value = { ...prefs.value, defaultCountry: code };
  await phonePrefsItem.setValue(prefs.value);
}

const RETENTION_DAYS = [30, 90, 180, 365] as const;

async function setLogPrefs(change: Partial<CallLogPrefs>): Promise<void> {
  const next = { ...logPrefs.value, ...change };
  // Out-of-range input keeps the last good value rather than a surprise.
  if (!Number.isInteger(next.shortCallSec) || next.shortCallSec < 0 || next.shortCallSec > 60)
    return;
  logPrefs.value = next;
  await callLogPrefsItem.setValue(next);
}

async function setDtmf(mode: DtmfMode): Promise<void> {
  prefs.value = { ...prefs.value, dtmfMode: mode };
  await phonePrefsItem.setValue(prefs.value);
}

export function App() {
  useEffect(() => {
    void sipAccountItem.getValue().then((a) => a && (account.value = a));
    void audioDevicesItem.getValue().then((d) => (chosen.value = d));
    void phonePrefsItem.getValue().then((p) => {
      prefs.value = p;
      iceText.value = p.iceServers.join('\n');
    });
    void debugLoggingItem.getValue().then((d) => (debug.value = d));
    void screenPopItem.getValue().then((m) => (screenPop.value = m));
    void callLogPrefsItem.getValue().then((p) => (logPrefs.value = p));
    void phoneSnapshotItem.getValue().then((s) => (snapshot.value = s));
    const unwatch = phoneSnapshotItem.watch((s) => (snapshot.value = s));
    void refreshMicState();
    void refreshDevices();
    return () => {
      unwatch();
      stopLevel?.();
    };
  }, []);

  const reg = snapshot.value?.registration;
  const inputs = devices.value.filter((d) => d.kind === 'audioinput');
  const outputs = devices.value.filter((d) => d.kind === 'audiooutput');
  return (
    <main class="options">
      <h1>{i18n.t('optionsTitle')}</h1>
      {reg && (
        <p class="registration-now" data-status={reg.status}>
          {i18n.t('registrationNow', [registrationLabel(reg.status)])}
          {reg.error && reg.status !== 'registered' && ` — ${errorLabel(reg.error)}`}
        </p>
      )}

      <section aria-labelledby="h-account">
        <h2 id="h-account">{i18n.t('sectionAccount')}</h2>
        <p class="help">{i18n.t('accountHelp')}</p>
        <AccountForm
          value={account.value}
          errors={errors.value}
          onChange={(v) => (account.value = v)}
          onSave={() => void save()}
          onTest={() => void test()}
          testing={testing.value}
          message={message.value}
        />
      </section>

      <section aria-labelledby="h-sites">
        <h2 id="h-sites">{i18n.t('sitesTitle')}</h2>
        <p class="help">{i18n.t('sitesOptionsHelp')}</p>
        <button
          type="button"
          class="open-sites"
          onClick={() => void browser.tabs.create({ url: browser.runtime.getURL('/sites.html') })}
        >
          {i18n.t('sitesOpen')}
        </button>
      </section>

      <section aria-labelledby="h-mic">
        <h2 id="h-mic">{i18n.t('sectionMic')}</h2>
        <p class="help">{i18n.t('micExplain')}</p>
        {import.meta.env.FIREFOX && (
          <p class="help mic-firefox">{i18n.t('micFirefoxCallWindow')}</p>
        )}
        <p
          class={`result mic-state ${mic.value === 'granted' ? 'ok' : 'bad'}`}
          data-state={mic.value}
        >
          {mic.value === 'granted'
            ? i18n.t('micGranted')
            : mic.value === 'denied'
              ? i18n.t('micDenied')
              : i18n.t('micPrompt')}
        </p>
        <div class="row">
          {mic.value !== 'granted' && (
            <button type="button" class="primary allow-mic" onClick={() => void allowMicrophone()}>
              {i18n.t('micAllow')}
            </button>
          )}
          {mic.value === 'granted' && (
            <button type="button" class="mic-level" onClick={() => void toggleLevel()}>
              {level.value === null ? i18n.t('micTest') : i18n.t('micStop')}
            </button>
          )}
          {level.value !== null && (
            <div
              class="meter"
              role="meter"
              aria-valuemin={0}
              aria-valuemax={100}
              aria-valuenow={Math.round(level.value * 100)}
            >
              <div style={{ width: `${Math.round(level.value * 100)}%` }} />
            </div>
          )}
        </div>
      </section>

      <section aria-labelledby="h-devices">
        <h2 id="h-devices">{i18n.t('sectionDevices')}</h2>
        {mic.value !== 'granted' && <p class="help">{i18n.t('devicesNeedMic')}</p>}
        <DeviceSelect
          id="device-mic"
          label={i18n.t('deviceMic')}
          devices={inputs}
          value={chosen.value.microphoneId}
          onChange={(id) => void chooseDevice('microphoneId', id)}
        />
        <DeviceSelect
          id="device-speaker"
          label={i18n.t('deviceSpeaker')}
          devices={outputs}
          value={chosen.value.speakerId}
          onChange={(id) => void chooseDevice('speakerId', id)}
        />
        <DeviceSelect
          id="device-ringtone"
          label={i18n.t('deviceRingtone')}
          devices={outputs}
          value={chosen.value.ringtoneId}
          onChange={(id) => void chooseDevice('ringtoneId', id)}
        />
        <button type="button" class="play-ringtone" onClick={() => void playRingtone()}>
          {i18n.t('playRingtone')}
        </button>
      </section>

      <section aria-labelledby="h-calls">
        <h2 id="h-calls">{i18n.t('sectionCalls')}</h2>
        <div class="field">
          <label for="screen-pop">{i18n.t('screenPop')}</label>
          <select
            id="screen-pop"
            value={screenPop.value}
            onChange={(e) => {
              screenPop.value = e.currentTarget.value as ScreenPopMode;
              void screenPopItem.setValue(screenPop.value);
            }}
          >
            <option value="ring">{i18n.t('screenPopRing')}</option>
            <option value="answer">{i18n.t('screenPopAnswer')}</option>
            <option value="never">{i18n.t('screenPopNever')}</option>
          </select>
          <span class="hint">{i18n.t('screenPopHint')}</span>
        </div>
        <div class="field">
          <label for="short-call">{i18n.t('shortCallSec')}</label>
          <input
            id="short-call"
            type="number"
            min={0}
            max={60}
            step={1}
            value={logPrefs.value.shortCallSec}
            onChange={(e) => void setLogPrefs({ shortCallSec: e.currentTarget.valueAsNumber })}
          />
          <span class="hint">{i18n.t('shortCallHint')}</span>
        </div>
        <div class="field">
          <label for="retention">{i18n.t('retentionDays')}</label>
          <select
            id="retention"
            value={String(logPrefs.value.retentionDays)}
            onChange={(e) => void setLogPrefs({ retentionDays: Number(e.currentTarget.value) })}
          >
            {RETENTION_DAYS.map((days) => (
              <option key={days} value={String(days)}>
                {i18n.t('retentionOption', [String(days)])}
              </option>
            ))}
          </select>
        </div>
      </section>

      <section aria-labelledby="h-advanced">
        <h2 id="h-advanced">{i18n.t('sectionAdvanced')}</h2>
        <div class="field">
          <label for="default-country">{i18n.t('defaultCountry')}</label>
          <select
            id="default-country"
            value={prefs.value.defaultCountry}
            onChange={(e) => void setCountry(e.currentTarget.value)}
          >
            <option value="">
              {i18n.t('countryAuto', [
                regionNames.of(guessDefaultCountry(navigator.languages)) ?? '',
              ])}
            </option>
            {COUNTRIES.map((code) => (
              <option key={code} value={code}>
                {regionNames.of(code)}
              </option>
            ))}
          </select>
          <span class="hint">{i18n.t('defaultCountryHint')}</span>
        </div>
        <div class="field">
          <label for="dtmf-mode">{i18n.t('dtmfMode')}</label>
          <select
            id="dtmf-mode"
            value={prefs.value.dtmfMode}
            onChange={(e) => void setDtmf(e.currentTarget.value as DtmfMode)}
          >
            <option value="auto">{i18n.t('dtmfAuto')}</option>
            <option value="rfc4733">{i18n.t('dtmfRfc4733')}</option>
            <option value="info">{i18n.t('dtmfInfo')}</option>
          </select>
        </div>
        <div class="field">
          <label for="ice-servers">{i18n.t('iceServers')}</label>
          <textarea
            id="ice-servers"
            rows={2}
            value={iceText.value}
            aria-invalid={iceError.value ? true : undefined}
            onInput={(e) => (iceText.value = e.currentTarget.value)}
            onBlur={() => void saveIceServers()}
          />
          <span class="hint">{i18n.t('iceServersHint')}</span>
          {iceError.value && <span class="field-error">{i18n.t('errIceServers')}</span>}
        </div>
        <label class="switch">
          <input
            type="checkbox"
            class="debug-logging"
            checked={debug.value}
            onChange={(e) => {
              debug.value = e.currentTarget.checked;
              void debugLoggingItem.setValue(debug.value);
            }}
          />
          {i18n.t('debugLogging')}
        </label>
        <p class="help">{i18n.t('debugHelp')}</p>
      </section>
    </main>
  );
}
