import { render, screen, waitFor } from '@testing-library/svelte';
import { userEvent } from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import App from '../../renderer/src/App.svelte';
import { app } from '../../renderer/src/lib/app-state.svelte.ts';
import { fakeTill, READY, refused, settingsView } from './support/fake-till.ts';

/** The app frame: banners, navigation, language, first run, and failures shown as sentences. */
beforeEach(() => {
  app.loaded = false;
  app.screen = 'checkout';
  app.error = null;
  app.online = true;
  app.status = null;
  app.settingsView = null;
});

describe('App', () => {
  it('shows the training banner in the Simulator environment, and the checkout', async () => {
    fakeTill();
    render(App);
    expect((await screen.findByTestId('training-banner')).textContent).toMatch(/No real money moves/i);
    expect(await screen.findByLabelText('Amount')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Checkout' }).getAttribute('aria-current')).toBe('page');
  });

  it('has no training banner in production', async () => {
    fakeTill({ status: { ...READY, environment: 'production', training: false }, settings: settingsView({ environment: 'production' }) });
    render(App);
    await screen.findByLabelText('Amount');
    expect(screen.queryByTestId('training-banner')).toBeNull();
    expect(screen.queryByRole('complementary', { name: 'Virtual terminal' })).toBeNull();
  });

  it('shows the offline banner while Viva cannot be reached', async () => {
    const till = fakeTill();
    render(App);
    await screen.findByLabelText('Amount');
    expect(screen.queryByTestId('offline-banner')).toBeNull();
    till.emit('connectivity', { online: false, since: new Date().toISOString() });
    expect((await screen.findByTestId('offline-banner')).textContent).toMatch(/Viva cannot be reached/);
    till.emit('connectivity', { online: true, since: new Date().toISOString() });
    await waitFor(() => expect(screen.queryByTestId('offline-banner')).toBeNull());
  });

  it('switches the language at once and keeps it in the settings', async () => {
    const till = fakeTill();
    render(App);
    await screen.findByLabelText('Amount');
    await userEvent.setup().selectOptions(screen.getByLabelText('Language'), 'el');
    expect(await screen.findByRole('button', { name: 'Ταμείο' })).toBeTruthy();
    expect(till.callsOf('updateSettings')).toEqual([{ language: 'el' }]);
    expect(document.documentElement.lang).toBe('el');
    expect((screen.getByLabelText('Ποσό') as HTMLInputElement).value).toMatch(/^0,00\s€$/);
  });

  it('navigates between the screens', async () => {
    fakeTill();
    render(App);
    await screen.findByLabelText('Amount');
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'Settings' }));
    expect(await screen.findByRole('heading', { name: 'Settings', level: 1 })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Settings' }).getAttribute('aria-current')).toBe('page');
    await user.click(screen.getByRole('button', { name: 'Checkout' }));
    expect(await screen.findByLabelText('Amount')).toBeTruthy();
  });

  it('opens on the first-run flow while no terminal is chosen', async () => {
    fakeTill({ settings: settingsView({ defaultTerminalId: null }) });
    render(App);
    expect(await screen.findByRole('heading', { name: 'Welcome to Cloud ECR' })).toBeTruthy();
    expect(screen.queryByRole('navigation')).toBeNull();
  });

  it('says what the till is doing while it starts, and why it cannot take payments', async () => {
    const till = fakeTill({ status: { ...READY, state: 'starting' } });
    render(App);
    expect((await screen.findByText(/The till is starting/)).textContent).toBeTruthy();
    till.emit('status', { ...READY, environment: 'demo', training: false, state: 'needs-credentials', message: 'Enter the Viva POS API client id.' });
    expect(await screen.findByText('Enter the Viva POS API client id.')).toBeTruthy();
    expect(screen.queryByTestId('training-banner')).toBeNull();
  });

  it('a failed start-up call is shown as a sentence, not swallowed', async () => {
    const till = fakeTill();
    till.answer('getStatus', () => refused('internal', 'The status could not be read'));
    render(App);
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('The status could not be read. Try again; if it happens again, export diagnostics');
  });
});
