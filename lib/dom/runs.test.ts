import { describe, expect, it } from 'vitest';
import { textRuns } from './runs';

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

  it('skips runs with fewer than seven digits without joining them', () => {
    expect(runsOf('<p>Заказ 123</p><p>+7 495 123-45-67</p>')).toEqual(['+7 495 123-45-67']);
  });
});

describe('splitSelectorList', () => {
  it('splits at top-level commas only', async () => {
    const { splitSelectorList } = await import('./linker');
    expect(splitSelectorList('a, b:not(c, d), [x="1,2"] , .y')).toEqual([
      'a',
      'b:not(c, d)',
      '[x="1,2"]',
      '.y',
    ]);
    expect(splitSelectorList('')).toEqual([]);
  });
});
