import { z } from 'zod';

/**
 * The engine's timing (design.md §2 "Polling"). Defaults are for a real till; tests and the
 * simulator's demos pass milliseconds. Every value is validated: a zero deadline or a negative
 * interval would either hammer Viva or never give the cashier an answer.
 */
export const engineConfigSchema = z.strictObject({
  /** From the start of one poll of an open session to the next (~1/s keeps detection fast and Viva unbothered). */
  pollIntervalMs: z.int().min(5).max(10_000).default(1_000),
  /** The first poll after Viva accepted the request. */
  firstPollDelayMs: z.int().min(0).max(10_000).default(800),
  /** From creation to "stop waiting and abort" (Viva's session lives ~60 s). */
  deadlineMs: z.int().min(10).max(600_000).default(90_000),
  /** After an abort, how long to keep polling before the session becomes `unknown`. */
  abortGraceMs: z.int().min(5).max(300_000).default(15_000),
  /** eventId 1100 ("a request is already in progress") is re-polled this long before it counts (spec §5.1). */
  busyGraceMs: z.int().min(0).max(300_000).default(10_000),
  /** A 404 this long after creation means the request never reached Viva (promise 2). */
  notFoundGraceMs: z.int().min(10).max(3_600_000).default(120_000),
  /** Backoff on 5xx / network errors: full jitter between 0 and min(max, base * 2^attempt). */
  backoffBaseMs: z.int().min(1).max(60_000).default(500),
  backoffMaxMs: z.int().min(1).max(600_000).default(15_000),
  /** How often the background looks at `unknown` sessions (and at once when the network returns). */
  unknownRetryMs: z.int().min(5).max(3_600_000).default(30_000),
  /**
   * A session Viva has said "being processed" (202) about for this long, past its abort, and
   * that no day list names, is diagnosed as never delivered: the operator is told it can be
   * resolved as failed (never automatically).
   */
  neverDeliveredAfterMs: z.int().min(10).max(86_400_000).default(600_000),
  /** Promise 7: a declined / cancelled / aborted / failed session is looked at once more after this. */
  recheckAfterMs: z.int().min(0).max(86_400_000).default(180_000),
  /** ... unless it finished longer ago than this (the reconciliation covers older days). */
  recheckWindowMs: z.int().min(10).max(30 * 86_400_000).default(86_400_000),
  /** While Viva is unreachable, how often one light call checks whether it is back. */
  offlineProbeMs: z.int().min(5).max(600_000).default(5_000),
  /** The background's tick: due unknown retries, re-checks and the watchdog run on it. */
  backgroundTickMs: z.int().min(5).max(600_000).default(5_000),
  /** The engine lock's heartbeat, on its own timer (never behind a slow Viva call). */
  lockHeartbeatMs: z.int().min(5).max(60_000).default(2_000),
  /** Another machine's lock whose heartbeat stood still this long is taken over. */
  lockStaleMs: z.int().min(10).max(600_000).default(15_000),
  /** While another process holds the journal, how often the app tries to take it. */
  lockRetryMs: z.int().min(5).max(600_000).default(2_000),
});

export type EngineConfig = z.output<typeof engineConfigSchema>;
export type EngineConfigInput = z.input<typeof engineConfigSchema>;

export const DEFAULT_ENGINE_CONFIG: EngineConfig = engineConfigSchema.parse({});
