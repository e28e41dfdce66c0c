import { i18n } from '#i18n';
import { Keypad } from './Keypad';

/**
 * The number field and keypad. The field accepts anything typed or pasted (a number from an
 * e-mail with spaces, brackets or "tel:"); the parent normalises it on dial and says what is
 * wrong if it cannot be called.
 */
export function DialPad(props: {
  value: string;
  onInput: (value: string) => void;
  onDial: () => void;
  disabled: boolean;
  error?: string;
  /** What will actually be dialled, e.g. "+7 916 123 45 67", shown under the field. */
  preview?: string;
}) {
  return (
    <form
      class="dialpad"
      onSubmit={(e) => {
        e.preventDefault();
        props.onDial();
      }}
    >
      <div class="dial-row">
        <input
          class="dial-input"
          type="text"
          inputMode="tel"
          autoComplete="off"
          spellcheck={false}
          aria-label={i18n.t('dialPlaceholder')}
          placeholder={i18n.t('dialPlaceholder')}
          value={props.value}
          aria-invalid={props.error ? true : undefined}
          onInput={(e) => props.onInput(e.currentTarget.value)}
        />
        {props.value && (
          <button
            type="button"
            class="icon-button"
            aria-label={i18n.t('backspace')}
            onClick={() => props.onInput(props.value.slice(0, -1))}
          >
            ⌫
          </button>
        )}
      </div>
      {props.preview && !props.error && (
        <p class="dial-preview" aria-live="polite">
          → {props.preview}
        </p>
      )}
      {props.error && (
        <p class="field-error" role="alert">
          {props.error}
        </p>
      )}
      <Keypad label={i18n.t('keypad')} onPress={(k) => props.onInput(props.value + k)} />
      <button
        type="submit"
        class="primary call-button"
        disabled={props.disabled || !props.value.trim()}
      >
        {i18n.t('call')}
      </button>
    </form>
  );
}
