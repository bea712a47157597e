// The GPA rule sets Homeroom ships, by name. A district with its own rules builds a registry of
// its own (`new Registry('GPA rule set', [ca2026, mine])`) and hands its set to computeGpa.
import { ca2026 } from './ca-2026.ts';
import { Registry } from '../registry.ts';
import type { GpaRuleSet } from './gpa-rule-set.ts';

export const DEFAULT_GPA_RULE_SET = 'ca-2026';

export const gpaRuleSets = new Registry<GpaRuleSet>('GPA rule set', [ca2026]);
