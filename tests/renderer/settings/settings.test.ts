import { render, screen, within } from '@testing-library/svelte';
import { userEvent } from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import { app } from '../../../renderer/src/lib/app-state.svelte.ts';
import FirstRun from '../../../renderer/src/screens/settings/FirstRun.svelte';
import SettingsScreen from '../../../renderer/src/screens/settings/SettingsScreen.svelte';
import { fakeTill, primeApp, READY, refused, settingsView, type FakeTill } from '../support/fake-till.ts';

describe('first run', () => {
  let till: FakeTill;
  beforeEach(() => {
    till = fakeTill({ settings: settingsView({ defaultTerminalId: null }) });
    primeApp(till);
  });

  it('Simulator by default: straight to the terminal and the till details, then stores them together', async () => {
    render(FirstRun);
    const user = userEvent.setup();
    expect((screen.getByRole('radio', { name: /Simulator \(training\)/ }) as HTMLInputElement).checked).toBe(true);
    await user.click(screen.getByRole('button', { name: 'Next' }));
    expect(screen.getByText('Step 2 of 2')).toBeTruthy();
    // The first live terminal is preselected from the devices search.
    const first = (await screen.findByRole('radio', { name: /16000001/ })) as HTMLInputElement;
    expect(first.checked).toBe(true);
    await user.click(screen.getByRole('radio', { name: /16000002/ }));
    await user.clear(screen.getByLabelText('Cash register id'));
    await user.type(screen.getByLabelText('Cash register id'), 'till-9');
    await user.selectOptions(screen.getByLabelText('Currency'), 'GBP');
    await user.click(screen.getByRole('button', { name: 'Start taking payments' }));
    expect(till.callsOf('updateSettings')).toEqual([
      { cashRegisterId: 'till-9', currency: 'GBP', businessDayTimeZone: 'UTC', businessDayCutoffHour: 0, defaultTerminalId: '16000002' },
    ]);
    expect(app.firstRun).toBe(false);
  });

  it('demo: asks for the credentials and waits for a working connection before the terminal step', async () => {
    render(FirstRun);
    const user = userEvent.setup();
    await user.click(screen.getByRole('radio', { name: /Viva demo/ }));
    await user.click(screen.getByRole('button', { name: 'Switch to Viva demo' }));
    expect(till.callsOf('updateSettings')).toEqual([{ environment: 'demo' }]);
    app.status = { ...READY, environment: 'demo', training: false, state: 'needs-credentials' };
    await user.click(screen.getByRole('button', { name: 'Next' }));
    expect(screen.getByText('Step 2 of 3')).toBeTruthy();
    expect(screen.getByRole('heading', { name: 'Viva credentials (Viva demo)' })).toBeTruthy();
    expect((screen.getByRole('button', { name: 'Next' }) as HTMLButtonElement).disabled).toBe(true);
  });
});

describe('settings', () => {
  it('the client secret is write-only: sent once, the field emptied, only "set" shown back', async () => {
    const till = fakeTill({ settings: settingsView({ environment: 'demo' }) });
    primeApp(till, { ...READY, environment: 'demo', training: false });
    till.answer('setCredentials', (input) => {
      till.settings = { ...till.settings, credentials: { ...till.settings.credentials, demo: { clientId: input.clientId ?? null, hasClientSecret: true } } };
      return till.settings;
    });
    till.answer('testConnection', () => ({ ok: true, outcome: 'ok' as const, message: 'Connected to Viva: 1 live terminal (16000001).', messageId: 'connection.ok' as const, params: { count: 1, terminals: '16000001' }, liveTerminals: ['16000001'], devices: 1 }));
    render(SettingsScreen);
    const user = userEvent.setup();
    const form = within(screen.getByRole('form', { name: 'Viva credentials (Viva demo)' }));
    expect(form.getByTestId('secret-status-demo').textContent).toBe('Client secret: not set');
    await user.type(form.getByLabelText('Client id'), 'demo-client.apps.vivapayments.com');
    await user.type(form.getByLabelText('Client secret'), 's3cret-value');
    await user.click(form.getByRole('button', { name: 'Save credentials' }));
    expect(till.callsOf('setCredentials')).toEqual([{ environment: 'demo', clientId: 'demo-client.apps.vivapayments.com', clientSecret: 's3cret-value' }]);
    expect(await form.findByText('Client secret: set')).toBeTruthy();
    expect((form.getByLabelText('Client secret') as HTMLInputElement).value).toBe('');
    expect((form.getByLabelText('Client secret') as HTMLInputElement).type).toBe('password');
    expect(document.body.innerHTML).not.toContain('s3cret-value');
    await user.click(form.getByRole('button', { name: 'Test connection' }));
    expect(await form.findByText('Connected to Viva: 1 live terminal (16000001).')).toBeTruthy();
  });

  it('a refused settings change shows the problem per field', async () => {
    const till = fakeTill();
    primeApp(till);
    till.answer('updateSettings', () => refused('invalid-settings', 'Some settings are not valid'));
    render(SettingsScreen);
    const user = userEvent.setup();
    await user.clear(screen.getByLabelText('Business day time zone'));
    await user.type(screen.getByLabelText('Business day time zone'), 'Mars/Base');
    await user.click(within(screen.getByRole('form', { name: 'This till' })).getByRole('button', { name: 'Save' }));
    expect((await screen.findByRole('alert')).textContent).toContain('Some settings are not valid. Correct the highlighted values and try again.');
  });

  it('says each problem once, at its field, the cut-off hour included', async () => {
    const till = fakeTill();
    primeApp(till);
    const refusal = refused('invalid-settings', 'Some settings are not valid');
    refusal.error.fields = [
      { path: 'businessDayTimeZone', message: 'Not a time zone' },
      { path: 'businessDayCutoffHour', message: 'Not an hour of the day' },
    ];
    till.answer('updateSettings', () => refusal);
    render(SettingsScreen);
    const user = userEvent.setup();
    const form = within(screen.getByRole('form', { name: 'This till' }));
    await user.click(form.getByRole('button', { name: 'Save' }));
    await screen.findByRole('alert');
    // The words are inside the label, after its name.
    for (const [label, words] of [[/^Business day time zone/, 'Not a time zone'], [/^Business day starts at/, 'Not an hour of the day']] as const) {
      const control = form.getByLabelText(label);
      expect(control.getAttribute('aria-invalid')).toBe('true');
      expect(document.getElementById(control.getAttribute('aria-describedby') ?? '')?.textContent).toBe(words);
    }
    // Said at the fields, not again in the notice.
    expect(screen.getByRole('alert').textContent).not.toContain('Not an hour of the day');
  });

  it('a call that throws (the bridge gone) is shown like any refusal and frees the form', async () => {
    const till = fakeTill();
    primeApp(till);
    till.answer('updateSettings', () => {
      throw new Error('The bridge to the till is gone');
    });
    render(SettingsScreen);
    const user = userEvent.setup();
    const save = within(screen.getByRole('form', { name: 'This till' })).getByRole('button', { name: 'Save' }) as HTMLButtonElement;
    await user.click(save);
    expect((await screen.findByRole('alert')).textContent).toContain('The bridge to the till is gone');
    expect(save.disabled).toBe(false);
  });
});
