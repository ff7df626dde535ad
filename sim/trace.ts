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

  readonly #aliases = new Map<string, string>();

  line(text: string): void {
    const line = `${String(this.#clock() - this.#start).padStart(9, '0')} ${this.#alias(text)}`;
    this.#lines.push(line);
    this.#echo?.(line);
  }

  // ULIDs (intent, hold and member ids) show as #1, #2… by first appearance: the same run
  // writes the same trace even where ids are not (yet) drawn from the seed.
  #alias(text: string): string {
    return text.replace(/[0-9A-HJKMNP-TV-Z]{26}/g, (id) => {
      let alias = this.#aliases.get(id);
      if (!alias) this.#aliases.set(id, (alias = `#${this.#aliases.size + 1}`));
      return alias;
    });
  }

  get lines(): readonly string[] {
    return this.#lines;
  }

  /** The whole trace as text. */
  text(): string {
    return this.#lines.join('\n') + '\n';
  }
}
