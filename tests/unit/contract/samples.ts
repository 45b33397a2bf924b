import type { ChannelName, InputOf } from '../../../electron/contract/channels.ts';

/**
 * One valid input per channel. Typed against the contract, so a new channel does not compile
 * until it has a sample here: the fuzz test, the no-secret test and the registration test all
 * walk this table.
 */
export type Samples = { [K in ChannelName]: InputOf<K> };

export function validSamples(ids: { sessionId: string; approvedSaleId: string; terminalId: string }): Samples {
  return {
    getStatus: undefined,
    startSale: { amount: 1250, terminalId: ids.terminalId, merchantReference: 'sample-sale' },
    startRefund: { parentSessionId: ids.approvedSaleId, amount: 100 },
    startUnreferencedRefund: { amount: 200, terminalId: ids.terminalId },
    completePreauth: { parentSessionId: ids.approvedSaleId, amount: 100 },
    abortSession: { sessionId: ids.sessionId },
    sessionStatus: { sessionId: ids.sessionId },
    openSessions: undefined,
    checkAgain: { sessionId: ids.sessionId },
    diagnoseSession: { sessionId: ids.sessionId },
    refundable: { sessionId: ids.approvedSaleId },
    resolveSession: { sessionId: ids.sessionId, outcome: 'declined', reason: 'customer paid cash', operator: 'manager' },
    listSessions: { limit: 10, states: ['approved', 'declined'] },
    getSession: { sessionId: ids.sessionId },
    saleRefunds: { sessionIds: [ids.approvedSaleId, ids.sessionId] },
    verifyJournal: undefined,
    searchDevices: { statusId: 1 },
    getSettings: undefined,
    updateSettings: { language: 'el', defaultTerminalId: ids.terminalId },
    setCredentials: { environment: 'demo', clientId: 'demo-client.apps.vivapayments.com', clientSecret: 'demo-secret-value-123' },
    clearCredentials: { environment: 'demo' },
    testConnection: { environment: 'simulator' },
    exportDiagnostics: undefined,
    openExternal: { url: 'https://developer.viva.com/' },
    simulatorTerminal: { terminalId: ids.terminalId },
    simulatorCustomer: { terminalId: ids.terminalId, action: 'decline', eventId: 1020 },
    reconcileDay: { day: '2026-11-26' },
    resolveDifference: { day: '2026-11-26', differenceId: `local-only:${ids.sessionId}`, action: 'explain', operator: 'manager', reason: 'test terminal' },
    dayReport: { day: '2026-11-26' },
    closeDay: { day: '2026-11-25', operator: 'manager', overrideUnknown: { reason: 'end of training' } },
    zReports: undefined,
    paymentDay: undefined,
    exportReport: { day: '2026-11-26', format: 'csv' },
    exportRange: { fromDay: '2026-11-01', toDay: '2026-11-26' },
    attentionList: undefined,
    decideAttention: { sessionId: ids.sessionId, decision: 'set-aside' },
    // head office and backups
    headOfficeStatus: undefined,
    setHeadOfficePassword: { password: 'head-office-password-123' },
    clearHeadOfficePassword: undefined,
    pushHeadOfficeNow: undefined,
    fleetReport: { day: '2026-11-26' },
  };
}

/** Placeholder ids for tests that only parse. */
export const PARSE_ONLY_SAMPLES = validSamples({
  sessionId: '7f1c2b4a-0000-4000-8000-000000000001',
  approvedSaleId: '7f1c2b4a-0000-4000-8000-000000000002',
  terminalId: '16000001',
});
