import { useEffect, useState } from 'preact/hooks';
import { i18n } from '#i18n';
import type { CardAction } from '@/lib/card/schemas';
import { COLLAPSE_AFTER_MS, type CardPhase, type CardView } from '@/lib/card/state';
import type { DialResult } from '@/lib/content-messaging';
import type { LabelKey } from '@/lib/labels';
import { formatForDisplay } from '@/lib/phone';

const PHASE: Record<CardPhase, LabelKey> = {
  ringing: 'card_ringing',
  talking: 'card_talking',
  ended: 'card_ended',
  missed: 'card_missed',
  declined: 'card_declined',
};
const REMIND = [10, 30, 60] as const;

export interface CallCardsProps {
  /** The open cards, oldest first (lib/card/state.ts toView). */
  cards: CardView[];
  /**
   * A button was pressed. The event goes out with it: the content script acts only on trusted
   * ones (a person's click or key), and answers undefined for the rest.
   */
  onAction(callId: string, action: CardAction, event: Event): Promise<DialResult | undefined>;
  /** Tests: the clock and the locale of the times shown. */
  now?: () => number;
  locale?: string;
}

/**
 * The in-page call cards, bottom-right of a CRM tab (mounted in a closed shadow root by
 * lib/card/content.ts). A card collapses to a strip COLLAPSE_AFTER_MS after it appeared; a
 * click on the strip expands it again, the minimise button collapses it. That choice is this
 * tab's own: the person looks at one tab, and a card that unfolded by itself in the tab they
 * switch to next would cover the CRM there too. Closing is shared (the background closes the
 * card in every tab).
 */
export function CallCards(props: CallCardsProps) {
  const now = props.now ?? Date.now;
  /** The person's own expand / collapse choice, per call; else the clock decides. */
  const [chosen, setChosen] = useState<ReadonlyMap<string, boolean>>(new Map());
  const [notes, setNotes] = useState<ReadonlyMap<string, DialResult & { text?: string }>>(
    new Map(),
  );
  const [, setTick] = useState(0);

  const t = now();
  const expanded = (card: CardView) =>
    chosen.get(card.callId) ?? t < card.appearedAt + COLLAPSE_AFTER_MS;

  // Re-render at the next moment a card collapses by itself.
  const next = Math.min(
    ...props.cards
      .filter((c) => !chosen.has(c.callId) && t < c.appearedAt + COLLAPSE_AFTER_MS)
      .map((c) => c.appearedAt + COLLAPSE_AFTER_MS),
  );
  useEffect(() => {
    if (!Number.isFinite(next)) return;
    const timer = setTimeout(() => setTick((n) => n + 1), Math.max(0, next - now()));
    return () => clearTimeout(timer);
  }, [next]);

  const choose = (callId: string, open: boolean) => setChosen((m) => new Map(m).set(callId, open));

  const act = async (card: CardView, action: CardAction, event: Event, text?: string) => {
    const result = await props.onAction(card.callId, action, event);
    if (!result || action.type === 'close') return;
    setNotes((m) =>
      new Map(m).set(card.callId, result.ok ? (text ? { ok: true, text } : result) : result),
    );
  };

  if (props.cards.length === 0) return null;
  return (
    <div class="cards">
      {props.cards.map((card) =>
        expanded(card) ? (
          <ExpandedCard
            key={card.callId}
            card={card}
            note={notes.get(card.callId)}
            locale={props.locale}
            onCollapse={() => choose(card.callId, false)}
            onAct={(action, event, text) => void act(card, action, event, text)}
          />
        ) : (
          <Strip
            key={card.callId}
            card={card}
            locale={props.locale}
            onExpand={() => choose(card.callId, true)}
            onAct={(action, event) => void act(card, action, event)}
          />
        ),
      )}
    </div>
  );
}

function who(card: CardView): { title: string; number: string | undefined } {
  const number = formatForDisplay(card.number);
  return card.name ? { title: card.name, number } : { title: number, number: undefined };
}

function timeOf(at: number, locale: string | undefined): string {
  return new Date(at).toLocaleTimeString(locale, { hour: '2-digit', minute: '2-digit' });
}

/** The call is still going on (no Call back yet, no time shown). */
const live = (card: CardView) => card.phase === 'ringing' || card.phase === 'talking';

type Act = (action: CardAction, event: Event, text?: string) => void;

function ExpandedCard(props: {
  card: CardView;
  note: (DialResult & { text?: string }) | undefined;
  locale: string | undefined;
  onCollapse(): void;
  onAct: Act;
}) {
  const { card, onAct } = props;
  const { title, number } = who(card);
  const phase = i18n.t(PHASE[card.phase]);
  const note = props.note;
  return (
    <section
      class="card"
      data-phase={card.phase}
      data-view="expanded"
      aria-label={`${phase}: ${title}`}
      onKeyDown={(e) => {
        if (e.key === 'Escape') onAct({ type: 'close' }, e);
      }}
    >
      <header>
        <span class="dot" aria-hidden="true" />
        <span class="phase" aria-live="polite">
          {live(card) ? phase : `${phase} · ${timeOf(card.appearedAt, props.locale)}`}
        </span>
        <button
          type="button"
          class="icon collapse"
          aria-label={i18n.t('card_collapse')}
          title={i18n.t('card_collapse')}
          onClick={props.onCollapse}
        >
          <svg viewBox="0 0 16 16" aria-hidden="true">
            <path d="M3 10h10v2H3z" />
          </svg>
        </button>
        <button
          type="button"
          class="icon close"
          aria-label={i18n.t('card_close')}
          title={i18n.t('card_close')}
          onClick={(e) => onAct({ type: 'close' }, e)}
        >
          <svg viewBox="0 0 16 16" aria-hidden="true">
            <path d="M3.4 2 8 6.6 12.6 2 14 3.4 9.4 8l4.6 4.6-1.4 1.4L8 9.4 3.4 14 2 12.6 6.6 8 2 3.4z" />
          </svg>
        </button>
      </header>
      <div class="who">
        <div class="name" title={title}>
          {title}
        </div>
        {(number !== undefined || card.link) && (
          <div class="line">
            {number !== undefined && <span class="number">{number}</span>}
            {card.link && (
              <button type="button" class="open" onClick={(e) => onAct({ type: 'open' }, e)}>
                {i18n.t(card.link === 'record' ? 'card_openRecord' : 'card_search')}
              </button>
            )}
          </div>
        )}
      </div>
      <div class="actions">
        {card.phase === 'ringing' && (
          <>
            <button
              type="button"
              class="primary answer"
              onClick={(e) => onAct({ type: 'answer' }, e)}
            >
              {i18n.t('answer')}
            </button>
            <button
              type="button"
              class="danger decline"
              onClick={(e) => onAct({ type: 'decline' }, e)}
            >
              {i18n.t('decline')}
            </button>
          </>
        )}
        {!live(card) && (
          <button
            type="button"
            class="primary call-back"
            onClick={(e) =>
              onAct({ type: 'call-back' }, e, i18n.t('c2cCalling', [formatForDisplay(card.number)]))
            }
          >
            {i18n.t('card_callBack')}
          </button>
        )}
      </div>
      <div class="remind" role="group" aria-label={i18n.t('card_callBackIn')}>
        <span class="remind-label">{i18n.t('card_callBackIn')}</span>
        {REMIND.map((minutes) => (
          <button
            key={minutes}
            type="button"
            class="small"
            data-minutes={minutes}
            onClick={(e) =>
              onAct({ type: 'remind', minutes }, e, i18n.t('card_reminderSet', [String(minutes)]))
            }
          >
            {i18n.t('minutesShort', [String(minutes)])}
          </button>
        ))}
      </div>
      <p class={note && !note.ok ? 'note error' : 'note'} role="status">
        {note ? (note.ok ? (note.text ?? '') : note.error) : ''}
      </p>
    </section>
  );
}

function Strip(props: {
  card: CardView;
  locale: string | undefined;
  onExpand(): void;
  onAct: Act;
}) {
  const { card } = props;
  const { title } = who(card);
  const phase = i18n.t(PHASE[card.phase]);
  return (
    <section
      class="card strip"
      data-phase={card.phase}
      data-view="collapsed"
      aria-label={`${phase}: ${title}`}
      onKeyDown={(e) => {
        if (e.key === 'Escape') props.onAct({ type: 'close' }, e);
      }}
    >
      <button
        type="button"
        class="expand"
        aria-expanded="false"
        title={i18n.t('card_expand')}
        onClick={props.onExpand}
      >
        <span class="dot" aria-hidden="true" />
        <span class="name">{title}</span>
        <span class="phase" aria-live="polite">
          {live(card) ? phase : `${phase} · ${timeOf(card.appearedAt, props.locale)}`}
        </span>
      </button>
      <button
        type="button"
        class="icon close"
        aria-label={i18n.t('card_close')}
        title={i18n.t('card_close')}
        onClick={(e) => props.onAct({ type: 'close' }, e)}
      >
        <svg viewBox="0 0 16 16" aria-hidden="true">
          <path d="M3.4 2 8 6.6 12.6 2 14 3.4 9.4 8l4.6 4.6-1.4 1.4L8 9.4 3.4 14 2 12.6 6.6 8 2 3.4z" />
        </svg>
      </button>
    </section>
  );
}
