const KEYS: Array<[string, string]> = [
  ['1', ''],
  ['2', 'ABC'],
  ['3', 'DEF'],
  ['4', 'GHI'],
  ['5', 'JKL'],
  ['6', 'MNO'],
  ['7', 'PQRS'],
  ['8', 'TUV'],
  ['9', 'WXYZ'],
  ['*', ''],
  ['0', '+'],
  ['#', ''],
];

/** The 12-key pad, for dialling and for DTMF during a call. */
export function Keypad(props: {
  onPress: (key: string) => void;
  disabled?: boolean;
  label: string;
}) {
  return (
    <div class="keypad" role="group" aria-label={props.label}>
      {KEYS.map(([key, letters]) => (
        <button
          type="button"
          class="key"
          key={key}
          disabled={props.disabled}
          data-key={key}
          onClick={() => props.onPress(key)}
        >
          <span class="key-digit">{key}</span>
          <span class="key-letters">{letters}</span>
        </button>
      ))}
    </div>
  );
}
