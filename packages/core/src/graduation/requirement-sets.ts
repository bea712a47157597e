// The requirement sets Homeroom ships, by name; `homeroom audit --requirements NAME` picks one.
import { Registry } from '../registry.ts';
import { caState220 } from './ca-state-220.ts';
import { lausd2027 } from './lausd-2027.ts';
import type { RequirementSet } from './requirement-set.ts';

export const DEFAULT_REQUIREMENT_SET = 'lausd-2027';

export const requirementSets = new Registry<RequirementSet>('requirement set', [lausd2027, caState220]);
