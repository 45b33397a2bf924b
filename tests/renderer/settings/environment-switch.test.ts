import { render, screen, within } from '@testing-library/svelte';
import { userEvent } from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import App from '../../../renderer/src/App.svelte';
import { app } from '../../../renderer/src/lib/app-state.svelte.ts';
import SettingsScreen from '../../../renderer/src/screens/settings/SettingsScreen.svelte';
import { fakeTill, primeApp, READY, settingsView, type FakeTill } from '../support/fake-till.ts';

/** Issue 12 item 3: leaving the Simulator takes a confirmation that names the environment. */
let till: FakeTill;
beforeEach(() => {
  till = fakeTill();
  primeApp(till);
  till.answer('updateSettings', (patch) => {
    till.settings = { ...till.settings, settings: { ...till.settings.settings, ...patch } };
    return till.settings;
  });
});

const radio = (name: RegExp) => screen.getByRole('radio', { name }) as HTMLInputElement;

describe('environment switch', () => {
  it('Production: nothing changes until the confirmation that names it; Cancel keeps the Simulator', async () => {
    render(SettingsScreen);
    const user = userEvent.setup();
    await user.click(radio(/Production/));
    const dialog = screen.getByRole('alertdialog', { name: 'Switch to Production?' });
    expect(dialog.textContent).toContain('real card with real money');
    expect(till.callsOf('updateSettings')).toEqual([]);
    expect(radio(/Simulator/).checked).toBe(true);
    expect(radio(/Production/).checked).toBe(false);
    // The safe answer has the focus: Enter or Space on it does not switch.
    expect(document.activeElement).toBe(within(dialog).getByRole('button', { name: 'Cancel' }));
    await user.keyboard('{Enter}');
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(till.callsOf('updateSettings')).toEqual([]);

    await user.click(radio(/Production/));
    await user.click(screen.getByRole('button', { name: 'Switch to Production' }));
    expect(till.callsOf('updateSettings')).toEqual([{ environment: 'production' }]);
    expect(radio(/Production/).checked).toBe(true);
  });

  it('Viva demo asks too; back to the Simulator switches at once', async () => {
    till.settings = settingsView({ environment: 'demo' });
    primeApp(till, { ...READY, environment: 'demo', training: false });
    render(SettingsScreen);
    const user = userEvent.setup();
    await user.click(radio(/Simulator/));
    expect(till.callsOf('updateSettings')).toEqual([{ environment: 'simulator' }]);
    expect(screen.queryByRole('alertdialog')).toBeNull();
    await user.click(radio(/Viva demo/));
    expect(screen.getByRole('alertdialog', { name: 'Switch to Viva demo?' })).toBeTruthy();
    expect(till.callsOf('updateSettings')).toHaveLength(1);
  });

  it('the LIVE banner is on every screen in Production, in place of the training banner', async () => {
    app.loaded = false;
    fakeTill({ status: { ...READY, environment: 'production', training: false }, settings: settingsView({ environment: 'production' }) });
    render(App);
    expect((await screen.findByTestId('live-banner')).textContent).toMatch(/^LIVE/);
    expect(screen.queryByTestId('training-banner')).toBeNull();
    await userEvent.setup().click(screen.getByRole('button', { name: 'Journal' }));
    expect(screen.getByTestId('live-banner')).toBeTruthy();
  });

  it('no LIVE banner in Viva demo', async () => {
    app.loaded = false;
    fakeTill({ status: { ...READY, environment: 'demo', training: false }, settings: settingsView({ environment: 'demo' }) });
    render(App);
    await screen.findByRole('button', { name: 'Journal' });
    expect(screen.queryByTestId('live-banner')).toBeNull();
  });

  it('the large-amount threshold is saved from Settings in minor units', async () => {
    render(SettingsScreen);
    const user = userEvent.setup();
    const form = within(screen.getByRole('form', { name: 'Large amounts' }));
    const field = form.getByLabelText('Ask for a second look above') as HTMLInputElement;
    expect(field.value).toBe('€1,000.00');
    await user.click(field);
    for (let i = 0; i < 6; i++) await user.keyboard('{Backspace}');
    await user.keyboard('25000');
    await user.click(form.getByRole('button', { name: 'Save' }));
    expect(till.callsOf('updateSettings')).toEqual([{ confirmAboveMinor: 25_000 }]);
  });
});
