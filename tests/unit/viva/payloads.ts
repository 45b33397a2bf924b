/**
 * Bodies quoted from the spec (viva-cloud-terminal-api.md). Kept as raw JSON text so the tests
 * parse exactly what Viva sends, number types included.
 */

/** §3, the failed session of issue #2370, verbatim. */
export const FAILED_SESSION_2370 = `{ "sessionId":"PP3280784-31a023ea1a","terminalId":"16253546","cashRegisterId":"POS005",
  "amount":1100,"currencyCode":"978","merchantReference":"614/11950295/9T","customerTrns":null,
  "tipAmount":0,"success":false,"eventId":1006,"authorizationId":null,"transactionId":null,
  "transactionTypeId":null,"retrievalReferenceNumber":null,"panEntryMode":"05","applicationLabel":null,
  "primaryAccountNumberMasked":null,"transactionDateTime":null,"abortOperation":false,"abortAckTime":null,
  "abortSuccess":false,"loyaltyInfo":null,"verificationMethod":null,"tid":"16253546","shortOrderCode":"0",
  "installments":0,"message":"Transaction declined by server","preauth":false,"referenceNumber":0,
  "orderCode":"0" }`;

/**
 * §3 "a successful one additionally has ...": success, eventId 0, the message, a transactionId,
 * RRN (here as a JSON number, §3 type "number/string"), a 16-digit orderCode and a 10-digit
 * shortOrderCode, STAN, transactionTypeId 5; terminalId and currencyCode as numbers (§10.9, §2.2).
 */
export const SUCCESS_SESSION = `{ "sessionId":"3f2c7a9e-8d41-4b7a-9c55-2f1e0b6d4a11","terminalId":16253546,"cashRegisterId":"POS005",
  "amount":1250,"currencyCode":978,"merchantReference":"ORDER-1042","customerTrns":null,
  "tipAmount":0,"success":true,"eventId":0,"authorizationId":"123456",
  "transactionId":"b0a1c2d3-e4f5-4a6b-8c7d-9e0f1a2b3c4d","transactionTypeId":5,
  "retrievalReferenceNumber":412345678901,"panEntryMode":"07","applicationLabel":"VISA",
  "primaryAccountNumberMasked":"414746XXXXXX0133","transactionDateTime":"2026-01-15T10:21:33.123Z",
  "abortOperation":false,"abortAckTime":null,"abortSuccess":false,"loyaltyInfo":null,"verificationMethod":null,
  "tid":"16253546","shortOrderCode":"1234567890","installments":0,"message":"Transaction successful",
  "preauth":false,"referenceNumber":123456,"orderCode":7012345678901234,"someNewField":{"x":1} }`;

/** §2.2: FastAPI/pydantic validation error (the `input` placeholder filled with a body). */
export const PYDANTIC_422 = `{"detail": [ { "type": "missing", "loc": ["body","terminalId"], "msg": "Field required",
  "input": {"sessionId":"s-1","cashRegisterId":"POS1","amount":1170,"currencyCode":"978"},
  "url": "https://errors.pydantic.dev/2.6/v/missing" } ] }`;

/** §2.5: pending. */
export const PENDING_202 = `{"detail":"The session is being processed"}`;

/** §1.3: bad or expired bearer. */
export const CREDENTIALS_401 = `{"detail":"Could not validate credentials"}`;

/** §1.3: token endpoint error (IdentityServer). */
export const INVALID_CLIENT = `{"error":"invalid_client"}`;

/** §1.3: token response fields. */
export const TOKEN_RESPONSE = `{"access_token":"eyJhbGciOiJSUzI1NiJ9.eyJzY29wZSI6InVybiJ9.c2lnbmF0dXJl","expires_in":3600,
  "token_type":"Bearer","scope":"urn:viva:payments:ecr:api"}`;

/** §2.1 device list, once with terminalId as string (as printed) and once as number (§10.9). */
export const DEVICES = `[
  { "merchantId": "1b5a77ac-0000-4000-8000-000000000001", "terminalId": "16000010", "statusId": 1,
    "sourceCode": "543679", "virtualTerminalId": "V16000010" },
  { "merchantId": "1b5a77ac-0000-4000-8000-000000000001", "terminalId": 16002169, "statusId": 1 }
]`;

/** §11 (#2471, 2023): pydantic v1's error list, verbatim. */
export const PYDANTIC_V1_422 = `{"detail":[{"loc":["body"],"msg":"value is not a valid dict","type":"type_error.dict"}]}`;

/** §11 (#2511): FastAPI's answer for a route it does not serve, and for an operation not enabled. */
export const ROUTE_NOT_FOUND_404 = `{"detail":"Not Found"}`;

/** §11 (#2370): the ISV extras of a session body, verbatim. */
export const ISV_DETAILS = `{"amount":58,"merchantId":null,"sourceCode":"7951","merchantSourceCode":"7889"}`;
