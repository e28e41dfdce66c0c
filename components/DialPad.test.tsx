import { fireEvent, render } from '@testing-library/preact';
import { describe, expect, it, vi } from 'vitest';
import { DialPad } from './DialPad';

describe('DialPad', () => {
  it('appends keys, submits with Enter, and disables Call while empty or offline', () => {
    const onInput = vi.fn();
    const onDial = vi.fn();
    const view = render(<DialPad value="12" onInput={onInput} onDial={onDial} disabled={false} />);
    fireEvent.click(view.container.querySelector('.key[data-key="3"]')!);
    expect(onInput).toHaveBeenLastCalledWith('123');
    fireEvent.submit(view.container.querySelector('form')!);
    expect(onDial).toHaveBeenCalledTimes(1);

    view.rerender(<DialPad value="" onInput={onInput} onDial={onDial} disabled={false} />);
    expect(view.container.querySelector<HTMLButtonElement>('.call-button')!.disabled).toBe(true);
    view.rerender(<DialPad value="1" onInput={onInput} onDial={onDial} disabled />);
    expect(view.container.querySelector<HTMLButtonElement>('.call-button')!.disabled).toBe(true);
  });

  it('previews the normalised number', () => {
    const view = render(
      <DialPad
        value="8 916 1234567"
        onInput={() => {}}
        onDial={() => {}}
        disabled={false}
        preview="+7 916 123 45 67"
      />,
    );
    expect(view.container.querySelector('.dial-preview')?.textContent).toBe('→ +7 916 123 45 67');
  });

  it('shows the error and marks the field invalid', () => {
    const view = render(
      <DialPad
        value="abc"
        onInput={() => {}}
        onDial={() => {}}
        disabled={false}
        error="bad number"
      />,
    );
    expect(view.container.querySelector('.field-error')?.textContent).toBe('bad number');
    expect(view.container.querySelector('.dial-input')?.getAttribute('aria-invalid')).toBe('true');
  });
});
