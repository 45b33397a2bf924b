import { isHeadOfficeError, loadOrCreateInstallId, parseHeadOfficeUrl, type HeadOfficeConnection, type TillIdentity } from '../../core/headoffice/index.ts';
import type { CommandContext, OptionSpec } from '../command.ts';
import { cashRegisterIdFor, dataDirFor } from '../core.ts';
import { UsageError } from '../usage-error.ts';

/** The options every `ecr headoffice` command shares; ECR_HEADOFFICE_URL, ECR_SHOP and ECR_TILL_ID stand in for them in scripts. */
export const HEADOFFICE_OPTIONS: OptionSpec = {
  url: { type: 'string' },
  insecure: { type: 'boolean' },
};
export const TILL_OPTIONS: OptionSpec = { shop: { type: 'string' }, till: { type: 'string' } };

export function headOfficeConnection(context: CommandContext): HeadOfficeConnection {
  const url = (context.values.url as string | undefined) ?? context.io.env.ECR_HEADOFFICE_URL;
  if (!url) throw new UsageError('--url is required (or ECR_HEADOFFICE_URL): the head office, e.g. postgres://ecr@ho.example.com/ecr?sslmode=verify-full.');
  try {
    return parseHeadOfficeUrl(url, { allowInsecure: context.values.insecure === true });
  } catch (error) {
    if (isHeadOfficeError(error)) throw new UsageError(`--url: ${error.message}`);
    throw error;
  }
}

export function tillIdentityFor(context: CommandContext): TillIdentity {
  const tillId = (context.values.till as string | undefined) ?? context.io.env.ECR_TILL_ID;
  const shop = (context.values.shop as string | undefined) ?? context.io.env.ECR_SHOP;
  if (!tillId || !shop) throw new UsageError('--till and --shop are required (or ECR_TILL_ID and ECR_SHOP): who this till is at the head office.');
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
