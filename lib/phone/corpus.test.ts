// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { describeFailure, loadCorpus, scoreCorpus } from './corpus';
import { parseE164 } from './numbering';

const cases = loadCorpus();

describe('phone corpus', () => {
  it('has at least 400 labelled cases, with positives and traps', () => {
    expect(cases.length).toBeGreaterThanOrEqual(400);
    expect(cases.filter((item) => item.expected.length === 0).length).toBeGreaterThan(150);
    expect(cases.filter((item) => item.expected.length > 0).length).toBeGreaterThan(200);
  });

  it('labels only valid numbers (a typo in the corpus would count against the finder)', () => {
    const invalid = cases.flatMap((item) =>
      item.expected
        .filter((expected) => !parseE164(expected.number)?.isValid())
        .map((expected) => `${expected.number} in ${JSON.stringify(item.text)}`),
    );
    expect(invalid).toEqual([]);
  });

  it('is read with precision and recall of at least 99 %', () => {
    const score = scoreCorpus(cases);
    const report = [
      `precision ${(score.precision * 100).toFixed(2)} %, recall ${(score.recall * 100).toFixed(2)} %`,
      ...score.failures.map(describeFailure),
    ].join('\n');
    expect(score.precision, report).toBeGreaterThanOrEqual(0.99);
    expect(score.recall, report).toBeGreaterThanOrEqual(0.99);
  });
});
