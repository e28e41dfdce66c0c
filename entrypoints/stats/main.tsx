import { render } from 'preact';
import { signal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import '@/components/phone.css';
import '@/components/calls.css';
import { i18n } from '#i18n';
import { StatsChart } from '@/components/StatsChart';
import { openCallsChannel } from '@/lib/calls/changes';
import { callsDb } from '@/lib/calls/db';
import { callStats, type CallStats } from '@/lib/calls/history';

/** The statistics page: incoming calls by weekday and hour, answered vs missed, for a period. */
const DAY = 86_400_000;
const days = signal<7 | 30 | 90>(30);
const stats = signal<CallStats | null>(null);

async function load(): Promise<void> {
  stats.value = await callStats(await callsDb(), { since: Date.now() - days.value * DAY });
}

function Page() {
  useEffect(() => {
    void load();
    openCallsChannel().onChange(() => void load());
  }, []);
  return (
    <main class="options stats-page">
      <h1>{i18n.t('statsPageTitle')}</h1>
      <div class="row period" role="group">
        {([7, 30, 90] as const).map((d) => (
          <button
            type="button"
            key={d}
            aria-pressed={days.value === d}
            onClick={() => {
              days.value = d;
              void load();
            }}
          >
            {i18n.t(d === 7 ? 'period_7' : d === 30 ? 'period_30' : 'period_90')}
          </button>
        ))}
      </div>
      {stats.value && <StatsChart stats={stats.value} />}
    </main>
  );
}

document.documentElement.lang = browser.i18n.getUILanguage();
document.title = `${browser.i18n.getMessage('extName')} — ${browser.i18n.getMessage('statsPageTitle')}`;
render(<Page />, document.getElementById('app')!);
