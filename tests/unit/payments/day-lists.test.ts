import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manualClock } from '../../../electron/core/clock.ts';
import { DayLists } from '../../../electron/core/payments/day-lists.ts';
import { startSimulator, type RunningSimulator } from '../../../electron/core/simulator/index.ts';
import { createVivaClient, customEndpoints, type VivaClient } from '../../../electron/core/viva/index.ts';

/** The day lists the background reads for unknown sessions: fetched once while fresh, never reused for a session they cannot speak for. */
let simulator: RunningSimulator;
let viva: VivaClient;
let listRequests = 0;
beforeAll(async () => {
  simulator = await startSimulator({ port: 0 });
  viva = createVivaClient({
    endpoints: customEndpoints({ apiUrl: simulator.url, accountsUrl: simulator.url }),
    credentials: simulator.credentials,
    fetch: (input, init) => {
      const request = new Request(input, init);
      if (request.method === 'GET' && new URL(request.url).pathname === '/ecr/v1/sessions') listRequests += 1;
      return fetch(request);
    },
  });
});
afterAll(() => simulator.close());

describe('DayLists', () => {
  it('serves one fetch of a date to every session it can speak for, while it is fresh', async () => {
    const clock = manualClock();
    const lists = new DayLists(viva, clock, 1_000);
    clock.advance(5_000);
    const before = listRequests;
    await lists.get('2026-12-02', 4_000);
    await lists.get('2026-12-02', 4_500); // another session whose grace ended before the fetch
    expect(listRequests - before).toBe(1);
    await lists.get('2026-12-03', 4_000); // another date: its own fetch
    expect(listRequests - before).toBe(2);
  });

  it('fetches again for a session whose grace ended after the list was read, and once the list is stale', async () => {
    const clock = manualClock();
    const lists = new DayLists(viva, clock, 1_000);
    clock.advance(5_000);
    const before = listRequests;
    await lists.get('2026-12-02', 4_000);
    await lists.get('2026-12-02', 5_001); // read before this session could have been filed: it proves nothing for it
    expect(listRequests - before).toBe(2);
    clock.advance(1_000);
    await lists.get('2026-12-02', 0);
    expect(listRequests - before).toBe(3);
  });
});
