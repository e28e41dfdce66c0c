import { i18n } from '#i18n';
import { uiLocale, weekdays } from '@/lib/calls/format';
import type { CallStats, HourCell } from '@/lib/calls/history';

const CELL = 18;
const GAP = 2;
const STEP = CELL + GAP;
const LEFT = 40;
const TOP = 16;
/** The longest bar leaves room for its label ("12 · 100 % пропущено"). */
const BAR_WIDTH = 24 * STEP - 150;

const BLUE = '9, 105, 218';
const GREEN = '#1a7f37';
const RED = '#c62828';
const EMPTY = '#eef1f4';

const total = (c: HourCell) => c.answered + c.missed;
const pad2 = (n: number) => String(n).padStart(2, '0');

/**
 * When customers call and how many get an answer, for a team lead planning shifts.
 *
 * The heatmap's rows are weekdays in the locale's order, its columns hours. A cell's blue is
 * the number of incoming calls (square-root scale, so a quiet hour is still visible next to
 * the Monday-morning peak); the red part rising from its bottom is the share that was missed.
 * Hovering a cell gives the exact figures. Below, one bar per weekday: answered in green,
 * missed in red, with the missed share written out.
 *
 * Plain SVG: nothing to load, prints and scales cleanly.
 */
export function StatsChart(props: { stats: CallStats; locale?: string }) {
  const { stats } = props;
  const locale = props.locale ?? uiLocale();
  const days = weekdays(locale);
  if (stats.incoming === 0) return <p class="empty">{i18n.t('stats_empty')}</p>;

  const peak = Math.max(1, ...stats.byWeekdayHour.flat().map(total));
  const dayPeak = Math.max(1, ...stats.byWeekday.map(total));
  const heatHeight = TOP + 7 * STEP;
  const barsHeight = 7 * STEP;
  const width = LEFT + 24 * STEP;

  return (
    <section class="stats-chart">
      <p class="stats-summary">
        {i18n.t('stats_summary', [
          String(stats.incoming),
          String(stats.answered),
          String(stats.missed),
          String(stats.calledBack),
        ])}
      </p>

      <h3 id="stats-heat-title">{i18n.t('stats_title')}</h3>
      <svg
        class="stats-heatmap"
        viewBox={`0 0 ${width} ${heatHeight}`}
        width={width}
        height={heatHeight}
        role="img"
        aria-labelledby="stats-heat-title"
      >
        {Array.from({ length: 8 }, (_, i) => i * 3).map((hour) => (
          <text
            key={hour}
            x={LEFT + hour * STEP + CELL / 2}
            y={TOP - 4}
            text-anchor="middle"
            class="axis"
            font-size="10"
          >
            {pad2(hour)}
          </text>
        ))}
        {days.map(([day, name], row) => (
          <g data-weekday={day} key={day}>
            <text
              x={LEFT - 6}
              y={TOP + row * STEP + CELL - 5}
              text-anchor="end"
              class="axis"
              font-size="11"
            >
              {name}
            </text>
            {stats.byWeekdayHour[day]!.map((cell, hour) => {
              const x = LEFT + hour * STEP;
              const y = TOP + row * STEP;
              const n = total(cell);
              const missedHeight = n === 0 ? 0 : (CELL * cell.missed) / n;
              return (
                <g
                  key={hour}
                  class="cell"
                  data-hour={hour}
                  data-total={n}
                  data-missed={cell.missed}
                >
                  <title>
                    {i18n.t('stats_cell', [
                      name,
                      `${pad2(hour)}:00`,
                      String(cell.answered),
                      String(cell.missed),
                    ])}
                  </title>
                  <rect
                    x={x}
                    y={y}
                    width={CELL}
                    height={CELL}
                    rx={3}
                    fill={
                      n === 0
                        ? EMPTY
                        : `rgba(${BLUE}, ${(0.15 + 0.85 * Math.sqrt(n / peak)).toFixed(3)})`
                    }
                  />
                  {missedHeight > 0 && (
                    <rect
                      x={x}
                      y={y + CELL - missedHeight}
                      width={CELL}
                      height={missedHeight}
                      rx={missedHeight >= CELL - 1 ? 3 : 0}
                      fill={RED}
                      fill-opacity={0.85}
                    />
                  )}
                </g>
              );
            })}
          </g>
        ))}
      </svg>
      <div class="stats-legend" aria-hidden="true">
        <span>{i18n.t('stats_fewer')}</span>
        {[0.15, 0.4, 0.6, 0.8, 1].map((a) => (
          <span key={a} class="swatch" style={{ background: `rgba(${BLUE}, ${a})` }} />
        ))}
        <span>{i18n.t('stats_more')}</span>
        <span class="swatch" style={{ background: RED }} />
        <span>{i18n.t('stats_missed')}</span>
      </div>

      <h3 id="stats-bars-title">{i18n.t('stats_byWeekday')}</h3>
      <svg
        class="stats-bars"
        viewBox={`0 0 ${width} ${barsHeight}`}
        width={width}
        height={barsHeight}
        role="img"
        aria-labelledby="stats-bars-title"
      >
        {days.map(([day, name], row) => {
          const cell = stats.byWeekday[day]!;
          const n = total(cell);
          const answeredWidth = (BAR_WIDTH * cell.answered) / dayPeak;
          const missedWidth = (BAR_WIDTH * cell.missed) / dayPeak;
          const y = row * STEP;
          const share = n === 0 ? 0 : Math.round((100 * cell.missed) / n);
          return (
            <g
              key={day}
              class="bar"
              data-weekday={day}
              data-answered={cell.answered}
              data-missed={cell.missed}
            >
              <title>
                {`${name}: ${i18n.t('stats_answered')} ${cell.answered}, ${i18n.t('stats_missed')} ${cell.missed}`}
              </title>
              <text x={LEFT - 6} y={y + CELL - 5} text-anchor="end" class="axis" font-size="11">
                {name}
              </text>
              <rect x={LEFT} y={y + 2} width={answeredWidth} height={CELL - 4} fill={GREEN} />
              <rect
                x={LEFT + answeredWidth}
                y={y + 2}
                width={missedWidth}
                height={CELL - 4}
                fill={RED}
              />
              <text
                x={LEFT + answeredWidth + missedWidth + 6}
                y={y + CELL - 5}
                class="value"
                font-size="11"
              >
                {n === 0 ? '0' : `${n} · ${i18n.t('stats_missedShare', [String(share)])}`}
              </text>
            </g>
          );
        })}
      </svg>
      <div class="stats-legend" aria-hidden="true">
        <span class="swatch" style={{ background: GREEN }} />
        <span>{i18n.t('stats_answered')}</span>
        <span class="swatch" style={{ background: RED }} />
        <span>{i18n.t('stats_missed')}</span>
      </div>
    </section>
  );
}
