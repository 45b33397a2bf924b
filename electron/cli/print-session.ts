import type { SessionRecord } from '../domain/session-record.ts';
import type { CommandContext } from './command.ts';
import { json } from './format.ts';
import { describeSession } from './outcome.ts';
import { sessionJson } from './session-json.ts';

/** A session as the command's result on stdout: one JSON document with --json, else a few lines. */
export function printSession(context: CommandContext, record: SessionRecord): void {
  context.io.stdout(context.global.json ? json(sessionJson(record)) : describeSession(record));
}
