// A requirement set is DATA: what each requirement counts, how many credits it needs, which
// verdicts it takes part in. The audit engine (audit.ts) knows no district; LAUSD's diploma is
// one set among others (lausd-2027.ts, ca-state-220.ts).
import type { AgArea, Subject } from '../formats/transcript.ts';

/**
 * Which counted marks a requirement counts. Every field given must match (a mark matches a list
 * when it matches one of its values); an empty selector matches every counted mark (`total`).
 */
export interface MarkSelector {
  tag?: string;
  ag?: AgArea | readonly AgArea[];
  subject?: Subject | readonly Subject[];
}

/** How a verdict picks each course's one counted mark (graduation.md, *Counted marks*). */
export type CountedMarkRule =
  /** The first mark that passes (A–D, P, CR): the marks that earn credit. */
  | 'first-passing'
  /** The attempt the repeat rule keeps, when its letter is A, B or C (P and CR never count). */
  | 'repeat-rule-c-or-better';

export interface Verdict {
  /** Key in the document: `diploma`, `ag`. */
  id: string;
  title: string;
  counts: CountedMarkRule;
}

export interface Requirement {
  id: string;
  title: string;
  /** Credits required. */
  credits: number;
  counts: MarkSelector;
  /** A narrower selection in some verdicts (LAUSD: for A-G, `a-world` counts only `ag: "a"` marks). */
  countsIn?: Readonly<Record<string, MarkSelector>>;
  /**
   * Count only the group of marks with the most passing credits (LAUSD `e`: one language). On a
   * tie the figure is the same; the group first in code-point order is shown.
   */
  bestGroupBy?: 'language';
  /**
   * Also count, for each A-G area, the passing credits of that area beyond what the listed
   * requirements used (LAUSD `g`): used_X = min(total_X, Σ over the requirements listed for X of
   * min(their credits, their passing credits with `ag` X)).
   */
  overflowFrom?: Readonly<Partial<Record<AgArea, readonly string[]>>>;
  /** The verdicts this requirement takes part in. */
  verdicts: readonly string[];
}

export interface OnTrackRule {
  /** The requirement whose uncapped passing credits are compared (LAUSD: `total`)… */
  requirement: string;
  /** …in this verdict, without in-progress courses… */
  verdict: string;
  /** …with the credits due at the start of each grade; a grade not listed is always on track. */
  benchmarks: Readonly<Record<number, number>>;
}

export interface RequirementSet {
  /** Versioned name, as given to `--requirements`. */
  name: string;
  description: string;
  verdicts: readonly Verdict[];
  /** In the order of the document. */
  requirements: readonly Requirement[];
  onTrack: OnTrackRule;
}
