/** The master-schedule screens' records, as the server sends them: the output types of its response schemas. */

import type { z } from 'zod';
import type * as scheduling from '@homeroom/core/api/scheduling';
import type { SectionMove } from '@homeroom/core/api/scheduling';

export type { GridCheck, GridSection, MasterScheduleGrid, SectionMove as MovePreview } from '@homeroom/core/api/scheduling';

export type MoveClash = SectionMove['clashes'][number];

export type Judgement = z.output<typeof scheduling.sectioningJudgement>;

export type MasterBuild = z.output<typeof scheduling.masterBuild>;
