/**
 * Quality and speed of the number finder (lib/phone).
 *
 *   npx tsx bench/phone-corpus.bench.ts
 *
 * Prints one `name: value unit` line per figure: precision and recall on the labelled corpus
 * (lib/phone/corpus/*.json), its size, and the finder's throughput on a generated 5,000-row CRM
 * list, scanned cell by cell as the content script scans text nodes. For comparison it also
 * runs libphonenumber-js's own matcher (`findPhoneNumbersInText`, 'max' metadata) on every cell,
 * which is what click-to-call extensions that "run libphonenumber on every text node" do.
 */
import { findPhoneNumbersInText } from 'libphonenumber-js/max';
import { findPhoneNumbers, type CountryCode } from '../lib/phone/index';
import { describeFailure, loadCorpus, scoreCorpus } from '../lib/phone/corpus';

function line(name: string, value: number, unit: string, digits = 1): void {
  console.log(`${name}: ${value.toFixed(digits)} ${unit}`);
}

// --- Quality -------------------------------------------------------------------------------

const cases = loadCorpus();
const score = scoreCorpus(cases);
line('phone corpus precision', score.precision * 100, '%');
line('phone corpus recall', score.recall * 100, '%');
line('phone corpus cases', cases.length, 'count', 0);
line('phone corpus numbers', score.truePositives + score.falseNegatives, 'count', 0);
line('phone corpus failures', score.failures.length, 'count', 0);
for (const failure of score.failures) console.error(`  ${describeFailure(failure)}`);

// --- Speed ---------------------------------------------------------------------------------

/** A small deterministic generator, so every run scans the same list. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}

const next = random(42);
const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
const digits = (count: number): string =>
  Array.from({ length: count }, () => Math.floor(next() * 10)).join('');

const NAMES = ['Иванов Иван', 'Петрова Анна', 'John Smith', 'Шевченко Олена', 'ООО «Ромашка»'];
const STATUSES = ['Новый', 'В работе', 'Выполнен', 'Отменён', 'Closed won', 'Qualified'];
const PHONES: readonly (() => string)[] = [
  () => `+7 (9${digits(2)}) ${digits(3)}-${digits(2)}-${digits(2)}`,
  () => `8 (495) ${digits(3)}-${digits(2)}-${digits(2)}`,
  () => `89${digits(9)}`,
  () => `+380 67 ${digits(3)} ${digits(2)} ${digits(2)}`,
  () => `(415) 555-${digits(4)}`,
  () => `Тел.: 8 916 ${digits(3)} ${digits(2)} ${digits(2)} доб. ${digits(3)}`,
];

/** One row of a CRM list: the cells a content script sees as separate text nodes. */
function row(): string[] {
  return [
    `№ ${digits(6)}`,
    `${String(1 + Math.floor(next() * 28)).padStart(2, '0')}.03.2024 ${digits(2)}:${digits(2)}`,
    pick(NAMES),
    pick(PHONES)(),
    `${digits(1)} ${digits(3)},00 ₽`,
    pick(STATUSES),
    `ИНН ${digits(10)}`,
    'Перезвонить после обеда, уточнить адрес доставки',
  ];
}

// Several different lists, so that the finder's parse cache cannot help across rounds: the
// main figure is a first scan of a page. The rescan figure (the same list again, as after an
// SPA re-render) is printed separately.
const lists = Array.from({ length: 6 }, () => Array.from({ length: 5_000 }, row).flat());
const sizeOf = (cells: readonly string[]): number =>
  cells.reduce((sum, cell) => sum + Buffer.byteLength(cell, 'utf8'), 0) / 1000;
const country: CountryCode = 'RU';

function throughput(scanCell: (cell: string) => unknown, rescan = false): number {
  for (const cell of (lists[5] ?? []).slice(0, 2_000)) scanCell(cell); // Warm up the JIT.
  let kilobytes = 0;
  let round = 0;
  const started = performance.now();
  do {
    const cells = lists[rescan ? 0 : round % lists.length] ?? [];
    for (const cell of cells) scanCell(cell);
    kilobytes += sizeOf(cells);
    round++;
  } while (performance.now() - started < 2_000);
  return kilobytes / ((performance.now() - started) / 1000);
}

const ours = throughput((cell) => findPhoneNumbers(cell, { defaultCountry: country }));
const reference = throughput((cell) => findPhoneNumbersInText(cell, { defaultCountry: country }));
const rescan = throughput((cell) => findPhoneNumbers(cell, { defaultCountry: country }), true);
line('phone finder throughput', ours, 'kB/s', 0);
line('libphonenumber matcher throughput', reference, 'kB/s', 0);
line('phone finder speedup over libphonenumber matcher', ours / reference, 'x');
line('phone finder rescan throughput', rescan, 'kB/s', 0);
line('phone finder list size', sizeOf(lists[0] ?? []), 'kB');
