/**
 * What happened in a run, one line per event and outcome, stamped with the virtual time
 * since the run began: two runs of one seed must write the same bytes.
 */
export class Trace {
  readonly #lines: string[] = [];
  readonly #clock: () => number;
  readonly #start: number;
  readonly #echo: ((line: string) => void) | undefined;

  constructor(clock: () => number, start: number, echo?: (line: string) => void) {
    this.#clock = clock;
    this.#start = start;
    this.#echo = echo;
  }

  line(text: string): void {
    const line = `${String(this.#clock() - this.#start).padStart(9, '0')} ${text}`;
    this.#lines.push(line);
    this.#echo?.(line);
  }

  get lines(): readonly string[] {
    return this.#lines;
  }

  /** The whole trace as text. */
  text(): string {
    return this.#lines.join('\n') + '\n';
  }
}
