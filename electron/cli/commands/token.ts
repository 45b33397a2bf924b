import type { Command } from '../command.ts';
import { clientFor } from '../client.ts';
import { json } from '../format.ts';

export const tokenCommand: Command = {
  name: 'token',
  summary: 'Obtain an access token and print its expiry and scope (never the token itself).',
  usage: '',
  options: {},
  positionals: [],
  async run(context) {
    const info = await clientFor(context).tokenInfo();
    const expiresAt = new Date(info.expiresAt).toISOString();
    if (context.global.json) {
      context.io.stdout(json({ environment: context.global.env, tokenType: info.tokenType, expiresAt, scope: info.scope ?? null }));
    } else {
      context.io.stdout(`Token obtained (${context.global.env}): ${info.tokenType}, expires ${expiresAt}, scope ${info.scope ?? '(none given)'}`);
    }
    return 0;
  },
};
