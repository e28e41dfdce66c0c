import { i18n } from '#i18n';
import { errorLabel, registrationLabel } from '@/lib/labels';
import type { RegistrationView } from '@/lib/sip/types';

/** The phone's registration at a glance, with the reason and the next retry when it is down. */
export function StatusHeader(props: {
  registration: RegistrationView | null;
  now: number;
  onOpenSettings: () => void;
}) {
  const reg = props.registration;
  const status = reg?.status ?? 'connecting';
  const tone =
    status === 'registered' ? 'ok' : status === 'waiting-retry' || reg?.error ? 'bad' : 'wait';
  const retryIn = reg?.retryAt ? Math.max(0, Math.ceil((reg.retryAt - props.now) / 1000)) : null;
  return (
    <header class="status-header">
      <div class="status-line">
        <span class={`status-dot ${tone}`} aria-hidden="true" />
        <strong class="status-text" data-status={status}>
          {registrationLabel(status)}
        </strong>
        <span class="status-aor">{reg?.aor?.replace(/^sips?:/, '')}</span>
        <button type="button" class="link-button" onClick={props.onOpenSettings}>
          {i18n.t('openSettings')}
        </button>
      </div>
      {status === 'unconfigured' && <p class="alert">{errorLabel('not-configured')}</p>}
      {reg?.error && status !== 'registered' && (
        <p class="alert bad" role="alert" data-error={reg.error}>
          {errorLabel(reg.error)}
          {reg.detail && <span class="detail"> ({reg.detail})</span>}
          {retryIn !== null && status === 'waiting-retry' && (
            <span class="retry"> {i18n.t('retryIn', [String(retryIn)])}</span>
          )}
        </p>
      )}
    </header>
  );
}
