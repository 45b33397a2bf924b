import { SimulatorControlError, type SimulatorControl } from './control.ts';
import { detail, json, route, type HttpRequest, type Reply, type Route } from './http.ts';

/**
 * The control endpoint under /_sim/ (JSON in and out, no auth: the simulator only listens on
 * loopback). Each route is a thin mapping onto `SimulatorControl`, so tests and the virtual
 * terminal drive exactly the same operations as in-process callers.
 *
 *   GET  /_sim/config                         POST /_sim/config {customerTimeMs, ...}
 *   POST /_sim/scenarios {scenario, terminalId?, times?, eventId?}
 *   DELETE /_sim/scenarios?terminalId=
 *   GET  /_sim/terminals                      GET  /_sim/terminals/{id}   (what it displays)
 *   POST /_sim/terminals/{id}/config {customerTimeMs?, defaultScenario?, statusId?}
 *   POST /_sim/terminals/{id}/customer {action: 'tap' | 'cancel' | 'decline', eventId?}
 *   GET  /_sim/sessions?terminalId=&date=     POST /_sim/sessions {amount, createdAt?, ...} (seed)
 *   GET  /_sim/sessions/{id}                  GET  /_sim/ledger
 *   POST /_sim/tokens/expire                  POST /_sim/faults {count?, status?, afterProcessing?}
 *   POST /_sim/reset
 */
export function controlRoutes(control: SimulatorControl): Route[] {
  return [
    route('GET', '/_sim/config', () => json(200, control.config())),
    route('POST', '/_sim/config', (req) => json(200, control.configure(bodyOf(req) as never))),
    route('POST', '/_sim/scenarios', (req) => {
      control.setScenario(bodyOf(req) as never);
      return json(200, { ok: true });
    }),
    route('DELETE', '/_sim/scenarios', (req) => {
      control.clearScenarios(req.query.get('terminalId') ?? undefined);
      return json(200, { ok: true });
    }),
    route('GET', '/_sim/terminals', () => json(200, control.terminals())),
    route('GET', '/_sim/terminals/{terminalId}', (req) => json(200, control.terminal(param(req, 'terminalId')))),
    route('POST', '/_sim/terminals/{terminalId}/config', (req) =>
      json(200, control.configureTerminal(param(req, 'terminalId'), bodyOf(req) as never)),
    ),
    route('POST', '/_sim/terminals/{terminalId}/customer', (req) =>
      json(200, control.customer(param(req, 'terminalId'), bodyOf(req) as never)),
    ),
    route('GET', '/_sim/sessions', (req) => {
      const filter: Record<string, string> = {};
      for (const key of ['terminalId', 'date']) {
        const value = req.query.get(key);
        if (value !== null) filter[key] = value;
      }
      return json(200, { sessions: control.sessions(filter), ledger: control.ledger() });
    }),
    route('POST', '/_sim/sessions', (req) => json(201, control.seedSession(bodyOf(req) as never))),
    route('GET', '/_sim/sessions/{sessionId}', (req) => {
      const found = control.session(param(req, 'sessionId'));
      return found ? json(200, found) : detail(404, 'No such session in the simulator.');
    }),
    route('GET', '/_sim/ledger', () => json(200, control.ledger())),
    route('POST', '/_sim/tokens/expire', () => json(200, { expired: control.expireTokens() })),
    route('POST', '/_sim/faults', (req) => json(200, { pending: control.injectFaults((bodyOf(req) ?? {}) as never) })),
    route('POST', '/_sim/reset', () => {
      control.reset();
      return json(200, { ok: true });
    }),
  ];
}

/** Maps control errors to HTTP; anything else is a bug and propagates. */
export function controlErrorReply(error: unknown): Reply | undefined {
  if (error instanceof BadJsonError) return detail(400, error.message);
  if (!(error instanceof SimulatorControlError)) return undefined;
  const status = { invalid: 400, 'not-found': 404, conflict: 409 }[error.code];
  return detail(status, error.message);
}

class BadJsonError extends Error {
  override name = 'BadJsonError';
}

// The control operations validate their input themselves (zod); here it only needs to be JSON.
function bodyOf(req: HttpRequest): unknown {
  if (req.body.length === 0) return {};
  try {
    return JSON.parse(req.body.toString('utf8'));
  } catch {
    throw new BadJsonError('The request body is not valid JSON.');
  }
}

function param(req: HttpRequest, name: string): string {
  return req.params[name] ?? '';
}
