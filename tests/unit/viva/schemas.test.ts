import { describe, expect, it } from 'vitest';
import { fieldErrors, parseJsonText } from '../../../electron/core/viva/http.ts';
import { lookupFromSession } from '../../../electron/core/viva/outcome.ts';
import {
  deviceListSchema,
  errorBodySchema,
  sessionSchema,
  tokenResponseSchema,
} from '../../../electron/core/viva/schemas.ts';
import { parseSessionList } from '../../../electron/core/viva/session-list.ts';
import {
  CREDENTIALS_401,
  DEVICES,
  FAILED_SESSION_2370,
  INVALID_CLIENT,
  PENDING_202,
  PYDANTIC_422,
  SUCCESS_SESSION,
  TOKEN_RESPONSE,
} from './payloads.ts';

describe('session schema on real payloads', () => {
  it('reads the failed session of issue #2370 as a decline (1006)', () => {
    const session = sessionSchema.parse(parseJsonText(FAILED_SESSION_2370));
    expect(session).toMatchObject({
      sessionId: 'PP3280784-31a023ea1a',
      terminalId: '16253546',
      cashRegisterId: 'POS005',
      amount: 1100,
      currencyCode: '978',
      merchantReference: '614/11950295/9T',
      customerTrns: null,
      tipAmount: 0,
      success: false,
      eventId: 1006,
      panEntryMode: '05',
      message: 'Transaction declined by server',
      // Viva's "0" for "none" becomes null.
      shortOrderCode: null,
      orderCode: null,
      referenceNumber: null,
      abortSuccess: false,
    });
    const lookup = lookupFromSession(session);
    expect(lookup).toMatchObject({ status: 'final', outcome: { kind: 'declined', eventId: 1006, vivaMessage: 'Transaction declined by server' } });
  });

  it('normalises numeric terminalId, currencyCode and RRN of a successful session to strings', () => {
    const session = sessionSchema.parse(parseJsonText(SUCCESS_SESSION));
    expect(session.terminalId).toBe('16253546');
    expect(session.currencyCode).toBe('978');
    expect(session.retrievalReferenceNumber).toBe('412345678901');
    expect(session.referenceNumber).toBe('123456');
    expect(session.shortOrderCode).toBe('1234567890');
    expect(session.success).toBe(true);
    expect(lookupFromSession(session)).toMatchObject({ status: 'final', outcome: { kind: 'approved', eventId: 0 } });
  });

  it('keeps a 16-digit orderCode sent as a JSON number exact, and keeps unknown fields', () => {
    const session = sessionSchema.parse(parseJsonText(SUCCESS_SESSION));
    // 7012345678901234 is above 2^53; a plain JSON.parse would have rounded it.
    expect(session.orderCode).toBe('7012345678901234');
    expect(session.someNewField).toEqual({ x: 1 });
  });

  it('pads a short numeric currency code to three digits', () => {
    const base = JSON.parse(FAILED_SESSION_2370) as Record<string, unknown>;
    expect(sessionSchema.parse({ ...base, currencyCode: 36 }).currencyCode).toBe('036');
    expect(sessionSchema.parse({ ...base, currencyCode: '36' }).currencyCode).toBe('036');
    expect(sessionSchema.safeParse({ ...base, currencyCode: 'EUR' }).success).toBe(false);
  });

  it('fills missing optional fields with null and a missing tip with 0', () => {
    const session = sessionSchema.parse({ sessionId: 's', terminalId: '1', amount: 100, currencyCode: '978', success: false, eventId: 1000 });
    expect(session.tipAmount).toBe(0);
    expect(session.transactionId).toBeNull();
    expect(session.abortSuccess).toBeNull();
    expect(session.message).toBeNull();
  });

  it('turns a descriptive field of an unexpected type into null instead of failing', () => {
    const base = JSON.parse(FAILED_SESSION_2370) as Record<string, unknown>;
    const session = sessionSchema.parse({ ...base, verificationMethod: { pin: true }, abortAckTime: 5 });
    expect(session.verificationMethod).toBeNull();
    expect(session.abortAckTime).toBe('5');
  });

  it('refuses a session whose money or outcome fields are wrong', () => {
    const base = JSON.parse(FAILED_SESSION_2370) as Record<string, unknown>;
    expect(sessionSchema.safeParse({ ...base, amount: 12.5 }).success).toBe(false);
    expect(sessionSchema.safeParse({ ...base, amount: -100 }).success).toBe(false);
    expect(sessionSchema.safeParse({ ...base, amount: undefined }).success).toBe(false);
    expect(sessionSchema.safeParse({ ...base, success: 'false' }).success).toBe(false);
    expect(sessionSchema.safeParse({ ...base, eventId: 'declined' }).success).toBe(false);
    expect(sessionSchema.safeParse({ ...base, sessionId: undefined }).success).toBe(false);
    expect(sessionSchema.safeParse({ ...base, tipAmount: -1 }).success).toBe(false);
  });

  it('treats a 200 session without success as pending', () => {
    const base = JSON.parse(FAILED_SESSION_2370) as Record<string, unknown>;
    delete base.success;
    expect(lookupFromSession(sessionSchema.parse(base))).toEqual({ status: 'pending' });
  });

  it('reads a session list', () => {
    const list = parseSessionList(parseJsonText(`[${FAILED_SESSION_2370},${SUCCESS_SESSION}]`));
    expect(list?.sessions.map((s) => s.success)).toEqual([false, true]);
    expect(list?.unreadable).toEqual([]);
  });
});

describe('other bodies', () => {
  it('reads the pydantic 422 body into field errors', () => {
    const body = errorBodySchema.parse(parseJsonText(PYDANTIC_422));
    expect(fieldErrors(body.detail)).toEqual([{ path: 'body.terminalId', message: 'Field required', type: 'missing' }]);
  });

  it('reads string details (202, 401)', () => {
    expect(errorBodySchema.parse(parseJsonText(PENDING_202)).detail).toBe('The session is being processed');
    expect(errorBodySchema.parse(parseJsonText(CREDENTIALS_401)).detail).toBe('Could not validate credentials');
    expect(fieldErrors('Could not validate credentials')).toBeUndefined();
  });

  it('reads the OAuth error of the token endpoint', () => {
    expect(errorBodySchema.parse(parseJsonText(INVALID_CLIENT)).error).toBe('invalid_client');
  });

  it('reads the token response', () => {
    const token = tokenResponseSchema.parse(parseJsonText(TOKEN_RESPONSE));
    expect(token).toMatchObject({ expires_in: 3600, token_type: 'Bearer', scope: 'urn:viva:payments:ecr:api' });
    expect(tokenResponseSchema.safeParse({ expires_in: 3600 }).success).toBe(false);
    expect(tokenResponseSchema.safeParse({ access_token: 'x', expires_in: 0 }).success).toBe(false);
    expect(tokenResponseSchema.parse({ access_token: 'x', expires_in: '3600' }).expires_in).toBe(3600);
  });

  it('reads devices with terminalId as string or number', () => {
    const devices = deviceListSchema.parse(parseJsonText(DEVICES));
    expect(devices.map((d) => d.terminalId)).toEqual(['16000010', '16002169']);
    expect(devices[0]).toMatchObject({ statusId: 1, sourceCode: '543679', virtualTerminalId: 'V16000010' });
    expect(devices[1]).toMatchObject({ sourceCode: null, virtualTerminalId: null });
    expect(deviceListSchema.safeParse([{ statusId: 1 }]).success).toBe(false);
  });
});
