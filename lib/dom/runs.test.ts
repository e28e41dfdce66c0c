import { describe, expect, it } from 'vitest';
import { textRuns, withoutSkipped } from './runs';

function runsOf(html: string, reject: (el: Element) => boolean = () => false): string[] {
  document.body.innerHTML = html;
  const out: string[] = [];
  for (const run of textRuns(document.body, reject)) if (run) out.push(run.texts.join('|'));
  return out;
}

describe('textRuns', () => {
  it('joins the texts of inline elements into one run', () => {
    expect(runsOf('<td><span>+7 (495)</span><span> 123-45-67</span></td>')).toEqual([
      '+7 (495)| 123-45-67',
    ]);
    expect(runsOf('<p>Тел.: <b>8 800</b> <i>555-35-35</i></p>')).toEqual([
      'Тел.: |8 800| |555-35-35',
    ]);
  });

  it('splits at blocks, line breaks and excluded elements', () => {
    expect(runsOf('<div>+7 495 123-45-67<div>8 916 123-45-67</div>8 800 555-35-35</div>')).toEqual([
      '+7 495 123-45-67',
      '8 916 123-45-67',
      '8 800 555-35-35',
    ]);
    expect(runsOf('<p>+7 495 123<br>45-67 8 916 123-45-67</p>')).toEqual([
      '+7 495 123',
      '45-67 8 916 123-45-67',
    ]);
    expect(runsOf('<p>+7 495 <input value="1"> 123-45-67 8 916 123-45-67</p>')).toEqual([
      ' 123-45-67 8 916 123-45-67',
    ]);
  });

  it('never reads scripts, form fields, editable regions or rejected elements', () => {
    const html =
      '<script>var n = "84951234567"</script><textarea>8 916 123-45-67</textarea>' +
      '<div contenteditable="true">8 916 123-45-67</div><div class="skip">8 916 123-45-67</div>' +
      '<div contenteditable="false">8 800 555-35-35</div>';
    expect(runsOf(html, (el) => el.classList.contains('skip'))).toEqual(['8 800 555-35-35']);
  });

  it('reads the fields it is given as runs of their own, marked with their element', () => {
    document.body.innerHTML =
      '<p>Тел.: <span class="f">+7 495 123-45-67</span> доб. 12 <b>8 916 <i>123-45-67</i></b></p>' +
      '<table><tr><td class="f"><span>8 800</span> <span>555-35-35</span></td><td>+7 812 123-45-67</td></tr></table>';
    const fields = new Set(document.querySelectorAll('.f'));
    const runs = [...textRuns(document.body, () => false, fields)].filter((r) => r !== null);
    expect(runs.map((r) => [r.texts.join('|'), r.field?.className ?? null])).toEqual([
      ['+7 495 123-45-67', 'f'],
      [' доб. 12 |8 916 |123-45-67', null],
      ['8 800| |555-35-35', 'f'],
      ['+7 812 123-45-67', null],
    ]);
  });

  it('skips runs with fewer than seven digits without joining them', () => {
    expect(runsOf('<p>Заказ 123</p><p>+7 495 123-45-67</p>')).toEqual(['+7 495 123-45-67']);
  });
});

describe('withoutSkipped', () => {
  const parts = (html: string) => {
    document.body.innerHTML = html;
    const skipped = (el: Element) => el.closest('.skip') !== null;
    const out: string[] = [];
    for (const run of textRuns(document.body, () => false))
      if (run) for (const part of withoutSkipped(run, skipped)) out.push(part.texts.join('|'));
    return out;
  };

  it('cuts a run at skipped texts, as an excluded element would end it', () => {
    expect(
      parts('<p>8 916 123-45-67 <span class="skip">01.02.2026</span> 8 800 555-35-35</p>'),
    ).toEqual(['8 916 123-45-67 ', ' 8 800 555-35-35']);
    expect(parts('<p>+7 495 <span class="skip"><b>1</b></span> 123-45</p>')).toEqual([]);
  });

  it('drops runs inside skipped blocks and keeps runs with nothing skipped whole', () => {
    expect(
      parts('<div class="skip"><p>8 916 123-45-67</p></div><p>Тел.: <b>8 800</b> 555-35-35</p>'),
    ).toEqual(['Тел.: |8 800| 555-35-35']);
  });
});
