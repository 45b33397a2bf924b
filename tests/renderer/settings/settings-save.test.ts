import { render, screen } from '@testing-library/svelte';
import { userEvent } from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import { app } from '../../../renderer/src/lib/app-state.svelte.ts';
import BackupsSection from '../../../renderer/src/screens/settings/BackupsSection.svelte';
import { fakeTill, primeApp, refused, type FakeTill } from '../support/fake-till.ts';

/** A Settings section stores its patch through SettingsSave (lib/settings-save.svelte.ts). */
let till: FakeTill;
beforeEach(() => {
  till = fakeTill();
  primeApp(till);
  till.answer('headOfficeStatus', () => ({ configured: false, passwordSet: false, push: null, lastBackup: null, backupFailed: false }) as never);
});

describe('a Settings section that saves', () => {
  it('sends its patch, takes the answer as the app settings and says so', async () => {
    till.answer('updateSettings', (patch) => {
      till.settings = { ...till.settings, settings: { ...till.settings.settings, ...patch } };
      return till.settings;
    });
    render(BackupsSection);
    const user = userEvent.setup();
    await user.type(screen.getByTestId('backup-folder'), '  /media/usb  ');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(till.callsOf('updateSettings')).toEqual([{ backupFolder: '/media/usb', backupHour: 23, backupRetention: 30 }]);
    expect(await screen.findByRole('status')).toHaveProperty('textContent', 'Saved.');
    expect(app.settings?.backupFolder).toBe('/media/usb');
  });

  it("shows the till's refusal, and does not say saved", async () => {
    till.answer('updateSettings', () => refused('invalid-settings', 'The backup folder must be an absolute path.'));
    render(BackupsSection);
    const user = userEvent.setup();
    await user.type(screen.getByTestId('backup-folder'), 'usb');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect((await screen.findByRole('alert')).textContent).toContain('The backup folder must be an absolute path.');
    expect(screen.queryByText('Saved.')).toBeNull();
    expect(app.settings?.backupFolder ?? null).toBeNull();
  });
});
