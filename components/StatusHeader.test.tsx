import { render } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import { StatusHeader } from './StatusHeader';

describe('StatusHeader', () => {
  it('explains a failed registration with the server words and the retry countdown', () => {
    const view = render(
      <StatusHeader
        registration={{
          status: 'waiting-retry',
          error: 'auth-failed',
          detail: '401 Unauthorized',
          retryAt: 10_500,
          failures: 2,
          since: 0,
        }}
        now={1_000}
        onOpenSettings={() => {}}
      />,
    );
    const alert = view.container.querySelector('.alert[data-error="auth-failed"]');
    expect(alert).toBeTruthy();
    expect(alert!.textContent).toContain('401 Unauthorized');
    expect(view.container.querySelector('.retry')).toBeTruthy();
    expect(view.container.querySelector('.status-dot')?.className).toContain('bad');
  });

  it('shows a healthy registration without alerts', () => {
    const view = render(
      <StatusHeader
        registration={{
          status: 'registered',
          failures: 0,
          since: 0,
          aor: 'sip:1001@pbx.example.com',
        }}
        now={0}
        onOpenSettings={() => {}}
      />,
    );
    expect(view.container.querySelector('.alert')).toBeNull();
    expect(view.container.querySelector('.status-aor')?.textContent).toBe('1001@pbx.example.com');
  });
});
