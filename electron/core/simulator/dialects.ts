import type { SimulatorConfig } from './config.ts';
import { detail, json, type Reply } from './http.ts';
import { toPydanticV1, type PydanticError } from './validation.ts';

export const NOT_AUTHENTICATED = 'Could not validate credentials';

/**
 * How Viva words two kinds of refusal, which have varied (spec §11): 422 lists in pydantic 2's
 * shape (2024) or pydantic 1's (2023), and "Could not validate credentials" under 401 or 403.
 * 'alternate' switches on every answer, counted from the simulator's start, so one run meets both.
 */
export class Dialects {
  #config: () => SimulatorConfig;
  #errorLists = 0;
  #rejections = 0;

  constructor(config: () => SimulatorConfig) {
    this.#config = config;
  }

  unprocessable(errors: PydanticError[]): Reply {
    const setting = this.#config().pydanticDialect;
    const dialect = setting === 'alternate' ? (this.#errorLists++ % 2 === 0 ? 'v2' : 'v1') : setting;
    return detail(422, dialect === 'v1' ? errors.map(toPydanticV1) : errors);
  }

  unauthorised(): Reply {
    const setting = this.#config().credentialsStatus;
    const status = setting === 'alternate' ? (this.#rejections++ % 2 === 0 ? 401 : 403) : setting;
    return json(status, { detail: NOT_AUTHENTICATED }, { 'www-authenticate': 'Bearer' });
  }
}
