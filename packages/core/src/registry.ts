// Named, versioned sets (GPA rule sets, requirement sets). A registry is a value, not global
// state: a district builds its own from the shipped sets and its own.

/** A name that is not in a registry: the message lists the names that are. */
export class UnknownSetError extends Error {
  override name = 'UnknownSetError';
  constructor(
    readonly kind: string,
    readonly requested: string,
    readonly known: readonly string[],
  ) {
    super(`unknown ${kind} '${requested}'; known: ${known.join(', ')}`);
  }
}

export class Registry<T extends { name: string }> {
  readonly #byName = new Map<string, T>();
  constructor(
    readonly kind: string,
    sets: readonly T[] = [],
  ) {
    for (const set of sets) this.add(set);
  }

  add(set: T): this {
    if (this.#byName.has(set.name)) throw new Error(`${this.kind} '${set.name}' is already registered`);
    this.#byName.set(set.name, set);
    return this;
  }

  names(): string[] {
    return [...this.#byName.keys()];
  }

  has(name: string): boolean {
    return this.#byName.has(name);
  }

  get(name: string): T {
    const set = this.#byName.get(name);
    if (!set) throw new UnknownSetError(this.kind, name, this.names());
    return set;
  }
}
