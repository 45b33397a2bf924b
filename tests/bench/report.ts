/**
 * How the benchmarks print: one line per figure, with its budget and PASS/FAIL, and indented
 * detail lines (no verdict) that say how the figure came about. Every figure is remembered so the
 * run can exit non-zero after printing all of them.
 */
export interface Figure {
  /** What was measured, precisely enough to reproduce ("append one event, p99 of 1,050 ..."). */
  label: string;
  value: number;
  /** How the value is shown, e.g. (v) => `${v.toFixed(1)} ms`. */
  format: (value: number) => string;
  /** The budget: value <= limit passes. */
  limit: number;
  /** Text after the verdict (a comparison...). */
  note?: string;
}

export class Report {
  readonly figures: { label: string; pass: boolean }[] = [];
  private readonly write: (line: string) => void;

  constructor(write: (line: string) => void = (line) => console.log(line)) {
    this.write = write;
  }

  figure(figure: Figure): boolean {
    const pass = Number.isFinite(figure.value) && figure.value <= figure.limit;
    this.figures.push({ label: figure.label, pass });
    const verdict = pass ? 'PASS' : 'FAIL';
    this.write(`${figure.label}: ${figure.format(figure.value)} (budget <= ${figure.format(figure.limit)}) ${verdict}${figure.note ? ` — ${figure.note}` : ''}`);
    return pass;
  }

  /** A line without a verdict: how a figure was made, or what a run cost. */
  detail(text: string): void {
    this.write(`  ${text}`);
  }

  heading(text: string): void {
    this.write(`\n== ${text}`);
  }

  /** A benchmark that could not run at all counts as a failed figure. */
  broken(label: string, error: unknown): void {
    this.figures.push({ label, pass: false });
    this.write(`${label}: could not be measured (${error instanceof Error ? (error.stack ?? error.message) : String(error)}) FAIL`);
  }

  get failed(): number {
    return this.figures.filter((f) => !f.pass).length;
  }
}

export const ms = (digits = 1) => (value: number) => `${value.toFixed(digits)} ms`;
export const seconds = (digits = 2) => (value: number) => `${(value / 1000).toFixed(digits)} s`;
export const count = (n: number) => n.toLocaleString('en-US');
