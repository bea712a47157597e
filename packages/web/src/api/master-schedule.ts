/** The master-schedule screens' records, as the server sends them. */

export type { GridSection } from '@homeroom/core/api/scheduling';

export type { GridCheck } from '@homeroom/core/api/scheduling';

export type { MasterScheduleGrid } from '@homeroom/core/api/scheduling';

export interface MoveClash {
  kind: string;
  hard: boolean;
  message: string;
  students?: number;
}

export type { SectionMove as MovePreview } from '@homeroom/core/api/scheduling';

export interface Judgement {
  score: number;
  requiredMet: number;
  requiredTotal: number;
  studentsComplete: number;
}

export interface MasterBuild {
  id: number;
  schoolId: number;
  status: 'queued' | 'running' | 'preview' | 'committed' | 'discarded' | 'failed' | string;
  progress: number;
  timeLimitSeconds: number | null;
  summary: {
    sections: number;
    locksKept: number;
    keepTeachers?: boolean;
    students: number;
    current: Judgement | null;
    proposed: Judgement | null;
    /** More students with a complete schedule under the proposal than under the schedule as it stands (absent on builds made before it was added). */
    moreStudentsComplete?: number | null;
    sectionsMoved: number;
    /** Which candidate the builder proposed: 'incumbent' is the schedule as it stands, kept. */
    chosen: string;
    teachersChanged: number;
    roomsChanged: number;
    studentsAffected: number;
    notes?: string[];
    seconds: number;
  } | null;
  error: string | null;
  committedAt: string | null;
}
