import { useState } from 'preact/hooks';
import { i18n } from '#i18n';

export type RemindWhen = { inMinutes: number } | { dueAt: number };

export const REMIND_CHOICES = [10, 30, 60] as const;

/** `datetime-local` speaks local wall time without a zone: "2026-03-02T14:30". */
function toLocalInput(at: number): string {
  const d = new Date(at);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/**
 * "Remind in: 10 min · 30 min · 60 min · Other time…". The custom time is a native
 * date-time field, which every browser localises and makes keyboard-accessible by itself.
 */
export function RemindButtons(props: { now: number; onRemind: (when: RemindWhen) => void }) {
  const [custom, setCustom] = useState<string | null>(null);
  return (
    <div class="remind" role="group" aria-label={i18n.t('remindIn')}>
      <span class="remind-label">{i18n.t('remindIn')}</span>
      {REMIND_CHOICES.map((minutes) => (
        <button
          key={minutes}
          type="button"
          class="small"
          data-minutes={minutes}
          onClick={() => props.onRemind({ inMinutes: minutes })}
        >
          {i18n.t('minutesShort', [String(minutes)])}
        </button>
      ))}
      {custom === null ? (
        <button
          type="button"
          class="small link-button"
          onClick={() => setCustom(toLocalInput(props.now + 2 * 3_600_000))}
        >
          {i18n.t('remindOther')}
        </button>
      ) : (
        <form
          class="remind-custom"
          onSubmit={(e) => {
            e.preventDefault();
            const dueAt = new Date(custom).getTime();
            if (Number.isFinite(dueAt)) {
              props.onRemind({ dueAt });
              setCustom(null);
            }
          }}
        >
          <input
            type="datetime-local"
            aria-label={i18n.t('remindAt')}
            value={custom}
            min={toLocalInput(props.now)}
            onInput={(e) => setCustom(e.currentTarget.value)}
          />
          <button type="submit" class="small">
            {i18n.t('remindSet')}
          </button>
        </form>
      )}
    </div>
  );
}
