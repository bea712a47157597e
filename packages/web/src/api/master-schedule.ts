/** The master-schedule screens' records, as the server sends them. */

export interface GridSection {
  id: number;
  code: string;
  course: string;
  title: string;
  term: 'year' | 'S1' | 'S2' | null;
  period: string | null;
  slots: string[];
  teacher: { staffId: number; name: string } | null;
  room: { id: number; code: string } | null;
  enrolled: number;
  capacity: number;
  locked: boolean;
  program: string | null;
  version: number;
  /** Indexes into the grid's checks. */
  checks: number[];
}

export interface GridCheck {
  kind: string;
  message: string;
  sectionIds: number[];
  slots: string[];
}

export interface MasterScheduleGrid {
  schoolYear: string;
  schoolId: number;
  terms: string[];
  periods: Array<{ code: string; name: string }>;
  sections: GridSection[];
  byTeacher: Array<{ staffId: number; name: string; maxSections: number; cells: Record<string, number[]> }>;
  byRoom: Array<{ id: number; code: string; name: string | null; type: string; capacity: number; cells: Record<string, number[]> }>;
  checks: GridCheck[];
  unplaced: Array<{ id: number; code: string; missing: string[] }>;
}

export interface MoveClash {
  kind: string;
  hard: boolean;
  message: string;
  students?: number;
}

export interface MovePreview {
  sectionId: number;
  code: string;
  from: { slots: string[]; staffId: number | null; roomId: number | null };
  to: { slots: string[]; staffId: number | null; roomId: number | null };
  studentsAffected: number;
  clashes: MoveClash[];
  saved: boolean;
  canSave: boolean;
  version?: number;
}

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
