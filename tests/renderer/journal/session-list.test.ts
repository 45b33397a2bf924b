import { describe, expect, it } from 'vitest';
import { app } from '../../../renderer/src/lib/app-state.svelte.ts';
import { SessionList } from '../../../renderer/src/screens/journal/session-list.svelte.ts';
import { NO_FILTERS } from '../../../renderer/src/screens/journal/journal-filters.ts';
import { fakeEcr, installEcr, pagedJournal, sessionRecord } from '../support/fake-ecr.ts';
import { settingsView } from '../support/fake-till.ts';

describe('the journal list under a search for an amount', () => {
  it('shows a refund started from the detail at once when its amount is what was searched for', async () => {
    app.applySettings(settingsView({ currency: 'EUR' }));
    installEcr(fakeEcr({ listSessions: pagedJournal([]) }));
    const list = new SessionList();
    await list.reset({ ...NO_FILTERS, text: '4.50' });

    const refund = sessionRecord({ kind: 'refund', amount: 450, merchantReference: 'no-match-here' });
    list.show(refund);
    expect(list.rows.map((row) => row.sessionId)).toEqual([refund.sessionId]);

    // Another amount stays out, as the query would leave it out.
    list.show(sessionRecord({ kind: 'refund', amount: 451, merchantReference: 'no-match-here' }));
    expect(list.rows.map((row) => row.sessionId)).toEqual([refund.sessionId]);
  });
});
