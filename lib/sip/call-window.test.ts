import { describe, expect, it } from 'vitest';
import { pickCallView, type ViewLike } from './call-window';

const view = (href: string, readyState: DocumentReadyState = 'complete'): ViewLike => {
  const url = new URL(href, 'moz-extension://uuid');
  return { location: { pathname: url.pathname, search: url.search }, document: { readyState } };
};

describe('pickCallView', () => {
  const call = view('/popup.html?view=call');

  it('prefers the call view in the window we opened', () => {
    const other = view('/popup.html?view=call');
    expect(pickCallView([call], [other, call])).toBe(call);
  });

  it('takes a call view elsewhere when ours is not there', () => {
    expect(pickCallView([], [view('/options.html'), call])).toBe(call);
  });

  it('ignores other pages, other views of the popup, and pages still loading', () => {
    const pages = [
      view('/options.html'),
      view('/popup.html'),
      view('/popup.html?view=tasks'),
      view('/popup.html?view=call', 'interactive'),
    ];
    expect(pickCallView(pages, pages)).toBeNull();
  });

  it('skips a window that is closing (its objects throw)', () => {
    const dead = {
      get location(): ViewLike['location'] {
        throw new TypeError("can't access dead object");
      },
      document: { readyState: 'complete' as const },
    };
    expect(pickCallView([dead], [dead, call])).toBe(call);
  });
});
