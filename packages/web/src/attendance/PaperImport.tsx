import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { ApiProblem, apiSend } from '../api/client.ts';
import type { AttendanceImportResult, ImportProblem } from '../api/records.ts';
import { ErrorNotice } from '../components/ErrorNotice.tsx';
import { counted } from '../format.ts';

export const IMPORT_COLUMNS = 'school_code,section_code,date,student_local_id,code,period,minutes_absent';
/** The server's request limit is 1 MB; say so before sending rather than after. */
export const MAX_FILE_BYTES = 1024 * 1024 - 4096;

/** The rows the server found wrong, when the answer is an import refusal; null for any other error. */
export function importProblems(error: unknown): ImportProblem[] | null {
  if (!(error instanceof ApiProblem) || error.code !== 'import-not-valid') return null;
  const problems = error.problem.problems;
  return Array.isArray(problems) ? (problems as ImportProblem[]) : [];
}

interface Checked {
  file: string;
  text: string;
  result: AttendanceImportResult;
}

/**
 * Attendance taken on paper, from a CSV file: "Check the file" sends a dry run and lists every
 * problem by row and column; only a clean check of this very file enables "Import", which applies
 * all of it or none of it.
 */
export function PaperImport() {
  const ids = useId();
  const client = useQueryClient();
  const [file, setFile] = useState<{ name: string; text: string } | null>(null);
  const [fileError, setFileError] = useState('');
  const [checked, setChecked] = useState<Checked | null>(null);
  const [imported, setImported] = useState<AttendanceImportResult | null>(null);
  const send = useMutation({
    mutationFn: ({ dryRun }: { dryRun: boolean }) => apiSend<AttendanceImportResult>('POST', '/api/attendance-imports', { csv: file!.text, fileName: file!.name, dryRun }),
    onSuccess: (result) => {
      if (result.dryRun) setChecked({ file: file!.name, text: file!.text, result });
      else {
        setImported(result);
        setChecked(null);
        // Figures and summaries read before the import are out of date now.
        void client.invalidateQueries({ predicate: (q) => ['ada', 'chronic-absence', 'attendance-not-taken', 'student-attendance'].includes(String(q.queryKey[0])) });
      }
    },
  });
  const problems = send.error ? importProblems(send.error) : null;
  const ready = checked !== null && file !== null && checked.text === file.text && !send.isPending;

  async function choose(chosen: File | undefined) {
    setChecked(null);
    setImported(null);
    setFileError('');
    send.reset();
    // Forget the previous file at once: until the new one is read, nothing can be checked or imported.
    setFile(null);
    if (!chosen) return;
    if (chosen.size > MAX_FILE_BYTES) {
      return setFileError(`${chosen.name} is ${(chosen.size / 1024 / 1024).toFixed(1)} MB; Homeroom takes files up to 1 MB (about 25,000 rows). Split it by week or by school and import each part.`);
    }
    setFile({ name: chosen.name, text: await chosen.text() });
  }

  return (
    <section aria-labelledby={`${ids}-h`} className="panel wide">
      <h2 id={`${ids}-h`}>Import attendance taken on paper</h2>
      <p>
        A CSV file with a header row: <code>{IMPORT_COLUMNS}</code>. <code>period</code> only when a class meets more than once that day; <code>minutes_absent</code> is optional. Students not in the file keep what they have.
      </p>
      <label htmlFor={`${ids}-file`}>CSV file</label>
      <input id={`${ids}-file`} type="file" accept=".csv,text/csv" aria-describedby={`${ids}-hint`} onChange={(e) => void choose(e.target.files?.[0])} />
      <p id={`${ids}-hint`} className="hint">
        First check the file: nothing is saved, and every problem is listed by row (row 1 is the header). Then import it: all of it is saved, or none of it.
      </p>
      {fileError ? (
        <p className="notice notice-error" role="alert">
          {fileError}
        </p>
      ) : null}
      <div className="actions">
        <button type="button" disabled={!file || send.isPending} onClick={() => send.mutate({ dryRun: true })}>
          {send.isPending && send.variables?.dryRun ? 'Checking…' : 'Check the file'}
        </button>
        <button type="button" className="primary" disabled={!ready} onClick={() => send.mutate({ dryRun: false })}>
          {send.isPending && !send.variables?.dryRun ? 'Importing…' : checked ? `Import ${checked.result.rows} rows` : 'Import'}
        </button>
      </div>
      {problems ? (
        <ErrorNotice error={send.error}>
          <div className="table-wrap">
            <table>
              <caption>Problems in {file?.name}</caption>
              <thead>
                <tr>
                  <th scope="col" className="number">
                    Row
                  </th>
                  <th scope="col">Column</th>
                  <th scope="col">Problem</th>
                </tr>
              </thead>
              <tbody>
                {problems.map((p, i) => (
                  <tr key={`${p.row}-${p.column}-${i}`}>
                    <td className="number">{p.row}</td>
                    <td>{p.column || '—'}</td>
                    <td>{p.message}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </ErrorNotice>
      ) : send.error ? (
        <ErrorNotice error={send.error} />
      ) : null}
      {checked && ready ? (
        <p className="notice notice-ok" role="status">
          {checked.file} is ready: {counted(checked.result.rows, 'row')}, {counted(checked.result.meetings, 'class meeting')}, {counted(checked.result.students, 'student')}; {counted(checked.result.changes, 'mark changes', 'marks change')}. Nothing is saved until you import it.
        </p>
      ) : null}
      {imported ? (
        <p className="notice notice-ok" role="status">
          Imported {counted(imported.rows, 'row')}: {counted(imported.changes, 'mark changed', 'marks changed')} for {counted(imported.students, 'student')} in {counted(imported.meetings, 'class meeting')}.
        </p>
      ) : null}
    </section>
  );
}
