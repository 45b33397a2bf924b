import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { afterEach, describe, expect, it } from 'vitest';
import type { FleetReport } from '../../../electron/core/headoffice/fleet-report.ts';
import HeadOfficeScreen from '../../../renderer/src/screens/head-office/HeadOfficeScreen.svelte';
import { fakeEcr, installEcr } from '../support/fake-ecr.ts';

const empty = (businessDay: string): FleetReport => ({
  format: 'cloud-ecr.fleet-report',
  version: 1,
  businessDay,
  generatedAt: '2026-03-10T12:00:00.000Z',
  tills: [],
  totals: [],
  zMissing: 0,
  unknownSessions: [],
  openAlerts: [],
  truncated: false,
});

afterEach(() => cleanup());

describe('the head office screen', () => {
  it('asks for the fleet report once on show, and for another day on "Show", not on each edit of the date', async () => {
    const fake = fakeEcr({ fleetReport: ({ day }) => empty(day) });
    installEcr(fake);
    render(HeadOfficeScreen);
    await waitFor(() => expect(screen.getByTestId('fleet-summary')).toBeTruthy());
    expect(fake.callsOf('fleetReport')).toHaveLength(1);

    const date = screen.getByLabelText('Business day') as HTMLInputElement;
    await fireEvent.input(date, { target: { value: '2026-03-09' } });
    await fireEvent.input(date, { target: { value: '2026-03-08' } });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(fake.callsOf('fleetReport')).toHaveLength(1);

    await fireEvent.click(screen.getByRole('button', { name: 'Show' }));
    await waitFor(() => expect(fake.callsOf('fleetReport')).toEqual([expect.anything(), { day: '2026-03-08' }]));
  });
});
