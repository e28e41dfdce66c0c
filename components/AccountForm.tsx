import { i18n } from '#i18n';
import type { LabelKey } from '@/lib/labels';
import type { AccountErrors } from '@/lib/storage/account-schema';
import type { SipAccount } from '@/lib/sip/types';

type Field = keyof SipAccount;

const FIELDS: Array<{ name: Field; label: LabelKey; hint?: LabelKey; type?: string }> = [
  { name: 'wsUrl', label: 'fieldWsUrl', hint: 'fieldWsUrlHint', type: 'url' },
  { name: 'sipUri', label: 'fieldSipUri', hint: 'fieldSipUriHint' },
  { name: 'authUser', label: 'fieldAuthUser', hint: 'fieldAuthUserHint' },
  { name: 'password', label: 'fieldPassword', type: 'password' },
  { name: 'displayName', label: 'fieldDisplayName' },
];

/** The SIP account form: values and errors in, edits and button presses out. */
export function AccountForm(props: {
  value: SipAccount;
  errors: AccountErrors;
  onChange: (value: SipAccount) => void;
  onSave: () => void;
  onTest: () => void;
  testing: boolean;
  message?: { tone: 'ok' | 'bad'; text: string };
}) {
  return (
    <form
      class="account-form"
      novalidate
      onSubmit={(e) => {
        e.preventDefault();
        props.onSave();
      }}
    >
      {FIELDS.map((f) => {
        const error = props.errors[f.name];
        const id = `field-${f.name}`;
        return (
          <div class="field" key={f.name}>
            <label for={id}>{i18n.t(f.label)}</label>
            <input
              id={id}
              name={f.name}
              type={f.type ?? 'text'}
              autoComplete={f.type === 'password' ? 'current-password' : 'off'}
              spellcheck={false}
              value={props.value[f.name]}
              aria-invalid={error ? true : undefined}
              aria-describedby={error ? `${id}-error` : undefined}
              onInput={(e) => props.onChange({ ...props.value, [f.name]: e.currentTarget.value })}
            />
            {f.hint && <span class="hint">{i18n.t(f.hint)}</span>}
            {error && (
              <span class="field-error" id={`${id}-error`} data-field={f.name}>
                {i18n.t(error)}
              </span>
            )}
          </div>
        );
      })}
      <div class="row">
        <button type="submit" class="primary save">
          {i18n.t('save')}
        </button>
        <button
          type="button"
          class="test-connection"
          disabled={props.testing}
          onClick={props.onTest}
        >
          {props.testing ? i18n.t('testing') : i18n.t('testConnection')}
        </button>
      </div>
      {props.message && (
        <p class={`result ${props.message.tone}`} role="status" data-tone={props.message.tone}>
          {props.message.text}
        </p>
      )}
    </form>
  );
}
