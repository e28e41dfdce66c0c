import { afterEach, describe, expect, it, vi } from 'vitest';
import { copyText } from './clipboard';

afterEach(() => {
  document.body.innerHTML = '';
});

describe('copyText', () => {
  it('writes through the asynchronous clipboard where the document may (Firefox background)', async () => {
    const writeText = vi.spyOn(navigator.clipboard, 'writeText').mockResolvedValue(undefined);
    const execCommand = vi.fn(() => true);
    document.execCommand = execCommand;
    expect(await copyText(document, '+74951234567')).toBe(true);
    expect(writeText).toHaveBeenCalledWith('+74951234567');
    expect(execCommand).not.toHaveBeenCalled();
  });

  it('falls back to a copy command on a selected textarea, and leaves nothing behind', async () => {
    vi.spyOn(navigator.clipboard, 'writeText').mockRejectedValue(
      new DOMException('Document is not focused.', 'NotAllowedError'),
    );
    let selected = '';
    document.execCommand = vi.fn((command: string) => {
      const area = document.querySelector('textarea');
      selected = command === 'copy' && area ? area.value : '';
      return true;
    });
    expect(await copyText(document, '+74951234567')).toBe(true);
    expect(selected).toBe('+74951234567');
    expect(document.querySelector('textarea')).toBeNull();
  });

  it('says so when the browser refuses both', async () => {
    vi.spyOn(navigator.clipboard, 'writeText').mockRejectedValue(new Error('denied'));
    document.execCommand = vi.fn(() => false);
    expect(await copyText(document, '+74951234567')).toBe(false);
  });
});
