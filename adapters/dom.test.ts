import { describe, expect, it } from 'vitest';
import { eachMatch, inputsMatching } from './dom';

describe('eachMatch', () => {
  it("yields each selector's matches in turn, root included, with a null after each query", () => {
    document.body.innerHTML =
      '<div id="root" class="a"><span class="b" id="b1"></span><i class="a" id="a1"></i><b class="b" id="b2"></b></div>';
    const root = document.getElementById('root')!;
    const seen = [...eachMatch(root, ['.a', '.b', '.c'])].map((el) => el?.id ?? null);
    expect(seen).toEqual(['root', 'a1', null, 'b1', 'b2', null, null]);
  });
});

describe('inputsMatching', () => {
  it('finds inputs by tag, then by the selector, and takes an input root as it is', () => {
    document.body.innerHTML =
      '<form id="f"><input id="tel" type="tel"><input id="text" type="text"><textarea></textarea></form>' +
      '<input id="outside" type="tel">';
    const form = document.getElementById('f')!;
    expect(inputsMatching(form, 'form input[type="tel"]').map((i) => i.id)).toEqual(['tel']);
    expect(inputsMatching(document.body, 'input[type="tel"]').map((i) => i.id)).toEqual([
      'tel',
      'outside',
    ]);
    const tel = document.getElementById('tel')!;
    expect(inputsMatching(tel, 'input[type="tel"]').map((i) => i.id)).toEqual(['tel']);
    expect(inputsMatching(tel, 'input[type="text"]')).toEqual([]);
  });
});
