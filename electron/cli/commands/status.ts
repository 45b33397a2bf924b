import { sessionIdArgument } from '../arguments.ts';
import { DEFAULT_ENGINE_CONFIG, diagnoseSession, engineConfigSchema, PaymentError } from '../../core/payments/index.ts';
import type { Command } from '../command.ts';
import { engineConfigFromEnv, withJournal } from '../core.ts';
import { describeDiagnosis } from '../diagnosis-text.ts';
import { json } from '../format.ts';
import { describeSession, exitCodeFor } from '../outcome.ts';
import { sessionJson } from '../session-json.ts';

export const statusCommand: Command = {
  name: 'status',
  summary: "Show a payment as this till's journal has it, with the diagnosis of one Viva never finishes (offline; exit 0 approved or in progress, 2 not paid, 3 unknown).",
  usage: '<sessionId>',
  options: {},
  positionals: ['<sessionId>'],
  async run(context) {
    const sessionId = sessionIdArgument(context.positionals);
    const configInput = engineConfigFromEnv(context.io.env.ECR_ENGINE_CONFIG);
    const config = configInput ? engineConfigSchema.parse(configInput) : DEFAULT_ENGINE_CONFIG;
    return withJournal(context, (journal) => {
      const record = journal.getSession(sessionId);
      if (!record) throw new PaymentError('session-not-found', { id: 'payment.session-not-found', params: { session: sessionId } });
      // From the journal alone: the checks the engine journaled are the evidence (payments/never-delivered.ts).
      const diagnosis = diagnoseSession(record, journal.eventsOf(sessionId), config);
      if (context.global.json) context.io.stdout(json({ ...sessionJson(record), ...(diagnosis ? { diagnosis } : {}) }));
      else context.io.stdout(diagnosis ? `${describeSession(record)}\n${describeDiagnosis(diagnosis)}` : describeSession(record));
      return exitCodeFor(record.state, { waited: false });
    }, { readOnly: true });
  },
};
