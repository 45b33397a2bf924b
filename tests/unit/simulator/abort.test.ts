import { afterEach, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './helpers.ts';

let h: Harness;
afterEach(() => h?.close());

describe('DELETE /ecr/v1/sessions/{id}?cashRegisterId= (abort)', () => {
  it('answers 404 for an unknown session, 403 for another register, 422 without cashRegisterId', async () => {
    h = await startHarness();
    const unknown = await h.api.abort('no-such-session');
    expect(unknown.status).toBe(404);
    expect(unknown.body).toEqual({ detail: 'Session id was not found' });

    const sale = await h.api.sale({ cashRegisterId: 'KIOSK' });
    const foreign = await h.api.abort(sale.sessionId, 'Cashier Anna');
    expect(foreign.status).toBe(403);
    expect(foreign.body).toEqual({ detail: 'Only cash register that created the transaction can abort it' });

    const missing = await h.api.del(`/ecr/v1/sessions/${sale.sessionId}`);
    expect(missing.status).toBe(422);
    expect(missing.body.detail[0]).toMatchObject({ type: 'missing', loc: ['query', 'cashRegisterId'], msg: 'Field required' });

    // None of those touched the session.
    h.clock.advance(1000);
    expect((await h.api.session(sale.sessionId)).body).toMatchObject({ success: true, abortOperation: false });
  });

  it('accepts with 200 empty, completes asynchronously (1016, abortSuccess), and a second abort is 409', async () => {
    h = await startHarness();
    const sale = await h.api.sale();
    h.clock.advance(100);
    const first = await h.api.abort(sale.sessionId);
    expect(first.status).toBe(200);
    expect(first.headers.get('content-length')).toBe('0');
    expect((await h.api.session(sale.sessionId)).status).toBe(202); // not yet acknowledged by the device

    const second = await h.api.abort(sale.sessionId);
    expect(second.status).toBe(409);
    expect(typeof second.body.detail).toBe('string');

    h.clock.advance(499);
    expect((await h.api.session(sale.sessionId)).status).toBe(202);
    h.clock.advance(1);
    const done = await h.api.session(sale.sessionId);
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({
      success: false,
      eventId: 1016,
      message: 'Transaction aborted',
      abortOperation: true,
      abortSuccess: true,
      abortAckTime: new Date(h.clock.now()).toISOString(),
      transactionId: null,
    });
    expect(h.sim.control.session(sale.sessionId)).toMatchObject({ outcome: 'aborted', moneyMoved: false });
    // The terminal is free again at once.
    const next = await h.api.sale();
    h.clock.advance(1000);
    expect((await h.api.session(next.sessionId)).body.success).toBe(true);
  });

  it('loses the race when the card was read first: approved with abortOperation true, abortSuccess false', async () => {
    h = await startHarness();
    const sale = await h.api.sale();
    h.clock.advance(800); // the customer pays at 1000, before the abort's ack at 1300
    expect((await h.api.abort(sale.sessionId)).status).toBe(200);
    h.clock.advance(500);
    expect((await h.api.session(sale.sessionId)).body).toMatchObject({
      success: true,
      eventId: 0,
      abortOperation: true,
      abortSuccess: false,
      abortAckTime: null,
    });
    expect(h.sim.control.ledger().charges).toBe(1);
  });

  it('accepts an abort of a finished session with 200 and changes nothing', async () => {
    h = await startHarness();
    const sale = await h.api.sale();
    h.clock.advance(1000);
    expect((await h.api.abort(sale.sessionId)).status).toBe(200);
    h.clock.advance(1000);
    expect((await h.api.session(sale.sessionId)).body).toMatchObject({ success: true, abortOperation: false });
  });

  it('abort-ignored: the abort gets 200, the session stays 202 forever, the terminal frees at the session life', async () => {
    h = await startHarness();
    h.sim.control.setScenario({ scenario: 'abort-ignored', terminalId: '16000001' });
    const sale = await h.api.sale();
    h.clock.advance(5000);
    expect((await h.api.session(sale.sessionId)).status).toBe(202); // the customer never acts
    expect((await h.api.abort(sale.sessionId)).status).toBe(200);
    h.clock.advance(10 * 60_000);
    expect((await h.api.session(sale.sessionId)).status).toBe(202);
    expect(h.sim.control.session(sale.sessionId)).toMatchObject({ state: 'pending', moneyMoved: false });
    const next = await h.api.sale();
    h.clock.advance(1000);
    expect((await h.api.session(next.sessionId)).body.success).toBe(true);
  });

  it('success-after-abort: the abort gets 200 but the session ends approved', async () => {
    h = await startHarness();
    const sale = await h.api.sale({ amount: 1013 }); // magic: success after abort
    h.clock.advance(5000);
    expect((await h.api.session(sale.sessionId)).status).toBe(202); // the customer waits...
    expect((await h.api.abort(sale.sessionId)).status).toBe(200);
    h.clock.advance(500); // ...and pays as the abort arrives
    expect((await h.api.session(sale.sessionId)).body).toMatchObject({
      success: true,
      eventId: 0,
      abortOperation: true,
      abortSuccess: false,
      transactionTypeId: 5,
    });
    expect(h.sim.control.session(sale.sessionId)).toMatchObject({ outcome: 'approved', charged: true });
  });

  it('abort-ignored through a magic amount (.12), with the customer paying after all', async () => {
    h = await startHarness();
    const sale = await h.api.sale({ amount: 2012 });
    expect((await h.api.abort(sale.sessionId)).status).toBe(200);
    h.clock.advance(2000);
    expect((await h.api.session(sale.sessionId)).status).toBe(202);
    h.sim.control.customer('16000001', { action: 'tap' });
    expect((await h.api.session(sale.sessionId)).body).toMatchObject({ success: true, abortOperation: true, abortSuccess: false });
  });

  it('never-delivered: no device can acknowledge the abort, so the session stays 202', async () => {
    h = await startHarness();
    const sale = await h.api.sale({ amount: 1004 });
    expect((await h.api.abort(sale.sessionId)).status).toBe(200);
    h.clock.advance(10 * 60_000);
    expect((await h.api.session(sale.sessionId)).status).toBe(202);
  });

  it('an abort while a busy session waits keeps it at 1100 (busyBecomesOutcome)', async () => {
    h = await startHarness({ busyBecomesOutcome: true });
    await h.api.sale();
    const queued = await h.api.sale();
    expect((await h.api.abort(queued.sessionId)).status).toBe(200);
    h.clock.advance(5000);
    expect((await h.api.session(queued.sessionId)).body.eventId).toBe(1100);
  });
});
