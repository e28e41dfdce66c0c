/**
 * The background half of the in-page call card (issue 4, item 3): keeps one card per incoming
 * call (state.ts), in session storage, and tells every CRM tab when the cards change. A tab
 * opened mid-call asks for them when its session starts ('content:cards').
 *
 * The tabs act on a card only through 'content:card-action', from a content script on an
 * enabled site, for a call that has an open card: the page never names a number to dial or a
 * URL to open — the background takes both from its own record of the call.
 *
 * Wire it from the background's main(), after startPhoneService, and feed it every snapshot.
 */
import * as v from 'valibot';
import { browser } from 'wxt/browser';
import {
  callerIdentities,
  sipIdentity,
  type CallerIdentity,
  type RingingCall,
} from '../calls/caller-identity';
import { popUrl } from '../calls/screen-pop';
import { loadCallSettings } from '../calls/settings';
import { enabledTabs, requireEnabledSender, type Sender } from '../click-to-call/background';
import { contentMessaging, type DialResult } from '../content-messaging';
import { errorLabel } from '../labels';
import { logger } from '../log';
import type { CountryCode } from '../phone';
import type { CommandResult, PhoneCommand, PhoneSnapshot } from '../sip/types';
import { callCardsItem } from '../storage/items';
import { CardActionRequestSchema } from './schemas';
import {
  applySnapshot,
  closeCard,
  newCalls,
  openCard,
  toView,
  type CardsState,
  type CardsView,
} from './state';

const log = logger('calls');

/** Who a callback task from the card is for: the call it came from and the CRM record. */
export interface CallbackTarget {
  number: string;
  name?: string;
  contactUrl?: string;
  callId: string;
}

export interface CardDeps {
  command(cmd: PhoneCommand): Promise<CommandResult>;
  /** "Call back in N min": a callback task with origin 'card' (lib/calls/tasks.ts). */
  remind(target: CallbackTarget, minutes: 10 | 30 | 60): Promise<void>;
  /** Shown after Answer: in Firefox the call window holds the call's microphone. */
  openCallView(): Promise<void>;
  /** Tells the tabs; by default every tab on an enabled site (see broadcast). */
  broadcast?(view: CardsView): Promise<void>;
  now?: () => number;
  country?: () => Promise<CountryCode>;
  /**
   * Who is calling: the background's one lookup per call (caller-identity.ts
   * `callerIdentities`), shared with the notification and the screen pop. By default one of
   * its own, which does not ask a CRM tab.
   */
  identify?: (call: RingingCall) => Promise<CallerIdentity>;
}

export interface CardService {
  onSnapshot(snapshot: PhoneSnapshot): Promise<void>;
  list(sender: Sender): Promise<CardsView>;
  action(data: unknown, sender: Sender): Promise<DialResult>;
}

export function cardService(deps: CardDeps, selfId: string): CardService {
  const now = deps.now ?? Date.now;
  const country =
    deps.country ?? (async () => (await loadCallSettings()).defaultCountry as CountryCode);
  const tell = deps.broadcast ?? broadcast;
  const identify = deps.identify ?? callerIdentities(country);

  // Snapshots arrive in bursts and each update reads and writes storage: one at a time.
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(task: () => Promise<T>): Promise<T> => {
    const run = queue.then(task);
    queue = run.catch(() => undefined);
    return run;
  };

  /** Stores a new state (only if it is one) and tells the tabs (only if they would see it). */
  const commit = async (state: CardsState, next: CardsState) => {
    if (next !== state) await callCardsItem.setValue(next);
    if (next.rev !== state.rev) await tell(toView(next));
  };

  const from = (sender: Sender) => requireEnabledSender(sender, selfId);

  const result = (r: CommandResult): DialResult =>
    r.ok ? { ok: true } : { ok: false, error: errorLabel(r.error) };

  return {
    async onSnapshot(snapshot) {
      await serial(async () => {
        const state = await callCardsItem.getValue();
        const fresh = newCalls(state, snapshot.calls);
        const identities = new Map<string, CallerIdentity>();
        for (const call of fresh) {
          const caller = await identify(call).catch((error: unknown): CallerIdentity => {
            log('caller lookup failed: %o', error);
            return sipIdentity(call);
          });
          identities.set(call.id, caller);
        }
        await commit(state, applySnapshot(state, snapshot.calls, identities, now()));
      });
    },

    async list(sender) {
      await from(sender);
      return toView(await callCardsItem.getValue());
    },

    async action(data, sender) {
      const { tabId } = await from(sender);
      const parsed = v.safeParse(CardActionRequestSchema, data);
      if (!parsed.success) return { ok: false, error: errorLabel('invalid-target') };
      const { callId, action } = parsed.output;
      const card = openCard(await callCardsItem.getValue(), callId);
      if (!card) return { ok: false, error: errorLabel('no-such-call') };
      const { caller } = card;
      switch (action.type) {
        case 'close':
          await serial(async () => {
            const state = await callCardsItem.getValue();
            await commit(state, closeCard(state, callId, now()));
          });
          return { ok: true };
        case 'answer': {
          if (card.phase !== 'ringing') return { ok: false, error: errorLabel('illegal-state') };
          const answered = await deps.command({ type: 'answer', callId });
          if (answered.ok) await deps.openCallView();
          return result(answered);
        }
        case 'decline':
          if (card.phase !== 'ringing') return { ok: false, error: errorLabel('illegal-state') };
          return result(await deps.command({ type: 'decline', callId, busy: false }));
        case 'call-back':
          // Only once the call is over: the card offers it then, and a second call to the
          // same person while the first still rings or talks is never what was meant.
          if (card.phase === 'ringing' || card.phase === 'talking')
            return { ok: false, error: errorLabel('illegal-state') };
          return result(await deps.command({ type: 'dial', target: caller.number }));
        case 'remind':
          await deps.remind(
            {
              number: caller.number,
              callId,
              ...(caller.name ? { name: caller.name } : {}),
              ...(caller.recordUrl ? { contactUrl: caller.recordUrl } : {}),
            },
            action.minutes,
          );
          return { ok: true };
        case 'open': {
          // The page the screen pop would open: the record, else the CRM's search; http(s) only.
          const url = popUrl(caller);
          if (!url) return { ok: false, error: errorLabel('not-found') };
          await browser.tabs.create({ url, openerTabId: tabId, active: true });
          return { ok: true };
        }
      }
    },
  };
}

/**
 * Sends the cards to the top frame of every tab on an enabled site. Tabs without our content
 * script (not reloaded since the site was enabled, or a page of another site) just fail, which
 * is fine: a session asks for the cards when it starts.
 */
export async function broadcast(view: CardsView): Promise<void> {
  await Promise.all(
    (await enabledTabs()).map((tab) =>
      contentMessaging
        .sendMessage('bg:cards', view, { tabId: tab.id, frameId: 0 })
        .catch(() => undefined),
    ),
  );
}

/** Registers the card's messages; call once, synchronously, from the background's main(). */
export function registerCallCards(deps: CardDeps): CardService {
  const service = cardService(deps, browser.runtime.id);
  contentMessaging.onMessage('content:cards', ({ sender }) => service.list(sender));
  contentMessaging.onMessage('content:card-action', ({ data, sender }) =>
    service.action(data, sender),
  );
  return service;
}
