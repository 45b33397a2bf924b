import { isHeadOfficeError, loadOrCreateInstallId, parseHeadOfficeUrl, type HeadOfficeConnection, type TillIdentity } from '../../core/headoffice/index.ts';
import type { CommandContext, OptionSpec } from '../command.ts';
import { cashRegisterIdFor, dataDirFor } from '../core.ts';
import { restated, type CodedError } from '../../domain/coded-error.ts';
import type { MessageRef } from '../../domain/messages.ts';
import { UsageError } from '../usage-error.ts';

/** The options every `ecr headoffice` command shares; ECR_HEADOFFICE_URL, ECR_SHOP and ECR_TILL_ID stand in for them in scripts. */
export const HEADOFFICE_OPTIONS: OptionSpec = {
  url: { type: 'string' },
  insecure: { type: 'boolean' },
};
export const TILL_OPTIONS: OptionSpec = { shop: { type: 'string' }, till: { type: 'string' } };

export function headOfficeConnection(context: CommandContext): HeadOfficeConnection {
  const url = (context.values.url as string | undefined) ?? context.io.env.ECR_HEADOFFICE_URL;
  if (!url) throw new UsageError({ id: 'cli.needs-url' });
  try {
    return parseHeadOfficeUrl(url, { allowInsecure: context.values.insecure === true });
  } catch (error) {
    if (isHeadOfficeError(error)) throw new UsageError(optionRefused('--url', error));
    throw error;
  }
}

/** A core refusal of an option's value, said as the option's problem: "--url: <the refusal>". */
function optionRefused(flag: string, error: CodedError): string | MessageRef {
  const said = restated(error);
  if (typeof said === 'string') return `${flag}: ${said}`;
  return { id: 'cli.option-refused', params: { ...said.params, flag, reasonPhrase: said.id }, ...(said.detail ? { detail: said.detail } : {}) };
}

export function tillIdentityFor(context: CommandContext): TillIdentity {
  const tillId = (context.values.till as string | undefined) ?? context.io.env.ECR_TILL_ID;
  const shop = (context.values.shop as string | undefined) ?? context.io.env.ECR_SHOP;
  if (!tillId || !shop) throw new UsageError({ id: 'cli.needs-till-and-shop' });
  return { tillId, shop, cashRegisterId: cashRegisterIdFor(context), installId: loadOrCreateInstallId(dataDirFor(context), context.global.env) };
}

/** A head-office failure as one line on stderr, exit 1; the password was redacted by the core. */
export async function reportingFailures(context: CommandContext, run: () => Promise<number>): Promise<number> {
  try {
    return await run();
  } catch (error) {
    if (!isHeadOfficeError(error)) throw error;
    context.io.stderr(`ecr: ${error.message} (${error.code})`);
    return 1;
  }
}

/** `--till` or ECR_TILL_ID, for the commands that report on one till (status, verify); undefined: every till. */
export function tillFilter(context: CommandContext): { tillId?: string } {
  const tillId = (context.values.till as string | undefined) ?? context.io.env.ECR_TILL_ID;
  return tillId ? { tillId } : {};
}
