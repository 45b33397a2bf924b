/**
 * Request validation that answers the way Viva's FastAPI service does: a 422 whose `detail` is
 * pydantic 2's error list ({type, loc, msg, input, ctx?, url}), or pydantic 1's (toPydanticV1). Only the lax conversions pydantic
 * performs on JSON input are accepted (e.g. "12" for an int, but not 12.5 or true), so a client
 * that passes here sends what Viva's models accept.
 */
export const PYDANTIC_DOCS = 'https://errors.pydantic.dev/2.6/v/';

export interface PydanticError {
  type: string;
  loc: (string | number)[];
  msg: string;
  input: unknown;
  ctx?: Record<string, unknown>;
  url?: string;
}

export function pydanticError(
  type: string,
  loc: (string | number)[],
  msg: string,
  input: unknown,
  ctx?: Record<string, unknown>,
): PydanticError {
  const error: PydanticError = { type, loc, msg, input };
  if (ctx) error.ctx = ctx;
  // FastAPI builds json_invalid itself, without a documentation link.
  if (type !== 'json_invalid') error.url = `${PYDANTIC_DOCS}${type}`;
  return error;
}

/** Pydantic 1's error entry: `loc`, `msg`, `type` (e.g. "type_error.dict"), optional `ctx`; no input, no url. */
export interface PydanticV1Error {
  loc: (string | number)[];
  msg: string;
  type: string;
  ctx?: Record<string, unknown>;
}

/** The same error as pydantic 1 (Viva's service in 2023, #2471) worded it. */
export function toPydanticV1(error: PydanticError): PydanticV1Error {
  const limit = (key: string) => error.ctx?.[key];
  const v1 = (type: string, msg: string, ctx?: Record<string, unknown>): PydanticV1Error =>
    ctx ? { loc: error.loc, msg, type, ctx } : { loc: error.loc, msg, type };
  switch (error.type) {
    case 'missing':
      return v1('value_error.missing', 'field required');
    case 'string_type':
      return v1('type_error.str', 'str type expected');
    case 'string_too_short':
      return v1('value_error.any_str.min_length', `ensure this value has at least ${String(limit('min_length'))} characters`, { limit_value: limit('min_length') });
    case 'int_type':
    case 'int_parsing':
    case 'int_from_float':
    case 'int_parsing_size':
      return v1('type_error.integer', 'value is not a valid integer');
    case 'greater_than':
      return v1('value_error.number.not_gt', `ensure this value is greater than ${String(limit('gt'))}`, { limit_value: limit('gt') });
    case 'greater_than_equal':
      return v1('value_error.number.not_ge', `ensure this value is greater than or equal to ${String(limit('ge'))}`, { limit_value: limit('ge') });
    case 'bool_type':
    case 'bool_parsing':
      return v1('type_error.bool', 'value could not be parsed to a boolean');
    case 'model_attributes_type':
      return v1('type_error.dict', 'value is not a valid dict');
    case 'json_invalid':
      return v1('value_error.jsondecode', 'Expecting value', { msg: 'Expecting value', pos: error.loc[1] ?? 0 });
    case 'date_from_datetime_parsing':
      return v1('value_error.date', 'invalid date format');
    default:
      return v1(`value_error.${error.type}`, error.msg);
  }
}

/** What came in the request body, after FastAPI's content-type rules. */
export type Body =
  | { kind: 'empty' }
  | { kind: 'json'; value: unknown }
  | { kind: 'raw'; text: string }
  | { kind: 'invalid'; error: PydanticError };

/**
 * FastAPI parses the body as JSON when there is no content-type or an application/json-like
 * one; any other content type reaches the model as raw text and fails validation there.
 */
export function readBody(raw: Buffer, contentType: string | undefined): Body {
  if (raw.length === 0) return { kind: 'empty' };
  const text = raw.toString('utf8');
  const type = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  const isJson = type === '' || type === 'application/json' || (type.startsWith('application/') && type.endsWith('+json'));
  if (!isJson) return { kind: 'raw', text };
  try {
    return { kind: 'json', value: JSON.parse(text) };
  } catch (error) {
    const message = error instanceof Error ? error.message : 'Expecting value';
    const position = Number(/position (\d+)/.exec(message)?.[1] ?? 0);
    return { kind: 'invalid', error: pydanticError('json_invalid', ['body', position], 'JSON decode error', {}, { error: message }) };
  }
}

type FieldType = 'str' | 'int' | 'bool' | 'code' | 'id';

export interface FieldSpec {
  name: string;
  type: FieldType;
  required?: boolean;
  nullable?: boolean;
  default?: unknown;
  minLength?: number;
  gt?: number;
  ge?: number;
}

export type Validated<T> = { ok: true; value: T } | { ok: false; errors: PydanticError[] };

/** Validates a body against a model; `allowEmpty` for bodies whose fields are all optional. */
export function validateBody<T>(body: Body, fields: readonly FieldSpec[], allowEmpty = false): Validated<T> {
  if (body.kind === 'invalid') return { ok: false, errors: [body.error] };
  if (body.kind === 'empty') {
    if (allowEmpty) return validateObject({}, fields);
    return { ok: false, errors: [pydanticError('missing', ['body'], 'Field required', null)] };
  }
  const input = body.kind === 'raw' ? body.text : body.value;
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return {
      ok: false,
      errors: [pydanticError('model_attributes_type', ['body'], 'Input should be a valid dictionary or object to extract fields from', input)],
    };
  }
  return validateObject(input as Record<string, unknown>, fields);
}

function validateObject<T>(input: Record<string, unknown>, fields: readonly FieldSpec[]): Validated<T> {
  const errors: PydanticError[] = [];
  const value: Record<string, unknown> = {};
  for (const field of fields) {
    const raw = input[field.name];
    const loc = ['body', field.name];
    if (raw === undefined) {
      if (field.required) errors.push(pydanticError('missing', loc, 'Field required', input));
      else value[field.name] = field.default ?? null;
      continue;
    }
    if (raw === null && field.nullable) {
      value[field.name] = null;
      continue;
    }
    const converted = convert(field, raw, loc);
    if ('error' in converted) errors.push(converted.error);
    else value[field.name] = converted.value;
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value: value as T };
}

function convert(field: FieldSpec, raw: unknown, loc: string[]): { value: unknown } | { error: PydanticError } {
  switch (field.type) {
    case 'str':
      if (typeof raw !== 'string') return { error: pydanticError('string_type', loc, 'Input should be a valid string', raw) };
      if (field.minLength !== undefined && raw.length < field.minLength) {
        const s = field.minLength === 1 ? '' : 's';
        return {
          error: pydanticError('string_too_short', loc, `String should have at least ${field.minLength} character${s}`, raw, {
            min_length: field.minLength,
          }),
        };
      }
      return { value: raw };
    case 'code':
      // currencyCode: "978" is the documented form, but the integer 978 was accepted in the wild.
      if (typeof raw === 'number' && Number.isInteger(raw) && raw >= 0) return { value: String(raw).padStart(3, '0') };
      if (typeof raw !== 'string') return { error: pydanticError('string_type', loc, 'Input should be a valid string', raw) };
      return { value: raw };
    case 'id':
      // terminalId: a string, but the integer 16253546 is accepted too (#2373, Odoo PR #170531).
      if (typeof raw === 'number' && Number.isSafeInteger(raw) && raw >= 0) return { value: String(raw) };
      return convert({ ...field, type: 'str' }, raw, loc);
    case 'int':
      return convertInt(field, raw, loc);
    case 'bool':
      return convertBool(raw, loc);
  }
}

function convertInt(field: FieldSpec, raw: unknown, loc: string[]): { value: unknown } | { error: PydanticError } {
  let value: number;
  if (typeof raw === 'number') {
    if (!Number.isInteger(raw)) {
      return { error: pydanticError('int_from_float', loc, 'Input should be a valid integer, got a number with a fractional part', raw) };
    }
    value = raw;
  } else if (typeof raw === 'string') {
    if (!/^\s*[+-]?\d+\s*$/.test(raw)) {
      return { error: pydanticError('int_parsing', loc, 'Input should be a valid integer, unable to parse string as an integer', raw) };
    }
    value = Number(raw.trim());
  } else {
    return { error: pydanticError('int_type', loc, 'Input should be a valid integer', raw) };
  }
  if (!Number.isSafeInteger(value)) {
    return { error: pydanticError('int_parsing_size', loc, 'Unable to parse input string as an integer, exceeded maximum size', raw) };
  }
  if (field.gt !== undefined && !(value > field.gt)) {
    return { error: pydanticError('greater_than', loc, `Input should be greater than ${field.gt}`, raw, { gt: field.gt }) };
  }
  if (field.ge !== undefined && !(value >= field.ge)) {
    return {
      error: pydanticError('greater_than_equal', loc, `Input should be greater than or equal to ${field.ge}`, raw, { ge: field.ge }),
    };
  }
  return { value };
}

const TRUE_WORDS = ['1', 'on', 't', 'true', 'y', 'yes'];
const FALSE_WORDS = ['0', 'off', 'f', 'false', 'n', 'no'];

function convertBool(raw: unknown, loc: string[]): { value: unknown } | { error: PydanticError } {
  if (typeof raw === 'boolean') return { value: raw };
  if (raw === 0 || raw === 1) return { value: raw === 1 };
  if (typeof raw === 'string') {
    const word = raw.trim().toLowerCase();
    if (TRUE_WORDS.includes(word)) return { value: true };
    if (FALSE_WORDS.includes(word)) return { value: false };
    return { error: pydanticError('bool_parsing', loc, 'Input should be a valid boolean, unable to interpret input', raw) };
  }
  return { error: pydanticError('bool_type', loc, 'Input should be a valid boolean', raw) };
}

/** A required query parameter that is absent. */
export function missingQuery(name: string): PydanticError {
  return pydanticError('missing', ['query', name], 'Field required', null);
}

/** `date=YYYY-MM-DD` of the sessions list: a real calendar date or a pydantic date error. */
export function parseQueryDate(text: string): { date: string } | { error: PydanticError } {
  const time = /^\d{4}-\d{2}-\d{2}$/.test(text) ? Date.parse(`${text}T00:00:00.000Z`) : Number.NaN;
  // Date.parse rolls 2026-02-30 over to March; comparing back catches it.
  const valid = !Number.isNaN(time) && new Date(time).toISOString().startsWith(text);
  if (valid) return { date: text };
  const reason = text.length < 10 ? 'input is too short' : 'invalid date, expected YYYY-MM-DD';
  return {
    error: pydanticError('date_from_datetime_parsing', ['query', 'date'], `Input should be a valid date or datetime, ${reason}`, text, {
      error: reason,
    }),
  };
}

// The request models, in the field order Viva's service reports errors in.
const ID = { type: 'str', required: true, minLength: 1 } as const;
const OPTIONAL_TEXT = { type: 'str', nullable: true } as const;

const BASE_HEAD: readonly FieldSpec[] = [
  { name: 'sessionId', ...ID },
  { name: 'terminalId', ...ID, type: 'id' },
  { name: 'cashRegisterId', ...ID },
  { name: 'amount', type: 'int', required: true, gt: 0 },
  { name: 'currencyCode', type: 'code', required: true },
  { name: 'merchantReference', ...OPTIONAL_TEXT },
  { name: 'customerTrns', ...OPTIONAL_TEXT },
  { name: 'tipAmount', type: 'int', default: 0, ge: 0 },
  { name: 'showTransactionResult', type: 'bool', default: true },
  { name: 'showReceipt', type: 'bool', default: true },
  { name: 'interappCallback', ...OPTIONAL_TEXT },
];

const PARENT: FieldSpec = { name: 'parentSessionId', ...ID };

export const SALE_FIELDS: readonly FieldSpec[] = [
  ...BASE_HEAD,
  { name: 'preauth', type: 'bool', default: false },
  { name: 'maxInstalments', type: 'int', default: 0, ge: 0 },
  { name: 'skipSurcharge', type: 'bool', default: false },
  { name: 'paymentMethod', ...OPTIONAL_TEXT },
];
export const REFUND_FIELDS: readonly FieldSpec[] = [BASE_HEAD[0] as FieldSpec, PARENT, ...BASE_HEAD.slice(1)];
export const UNREFERENCED_REFUND_FIELDS: readonly FieldSpec[] = BASE_HEAD;
export const PREAUTH_COMPLETION_FIELDS: readonly FieldSpec[] = REFUND_FIELDS;

export const DEVICES_SEARCH_FIELDS: readonly FieldSpec[] = [
  { name: 'statusId', type: 'int', nullable: true },
  { name: 'sourceCode', ...OPTIONAL_TEXT },
  { name: 'merchantId', ...OPTIONAL_TEXT },
];

/** A transaction request after validation (fields absent from a model read as their defaults). */
export interface TransactionInput {
  sessionId: string;
  parentSessionId?: string;
  terminalId: string;
  cashRegisterId: string;
  amount: number;
  currencyCode: string;
  merchantReference: string | null;
  customerTrns: string | null;
  tipAmount: number;
  showTransactionResult: boolean;
  showReceipt: boolean;
  interappCallback: string | null;
  preauth?: boolean;
  maxInstalments?: number;
  skipSurcharge?: boolean;
}

export interface DevicesSearchInput {
  statusId: number | null;
  sourceCode: string | null;
  merchantId: string | null;
}
