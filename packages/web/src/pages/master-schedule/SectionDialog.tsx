import { useMutation } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { apiRequest, apiSend } from '../../api/client.ts';
import type { GridSection, MasterScheduleGrid, MovePreview } from '../../api/master-schedule.ts';
import { ErrorNotice } from '../../components/ErrorNotice.tsx';

export function SectionDialog({ grid, section, mayEdit, onChanged, onClose }: { grid: MasterScheduleGrid; section: GridSection; mayEdit: boolean; onChanged: () => void; onClose: () => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  const [period, setPeriod] = useState(section.period ?? grid.periods[0]?.code ?? '');
  const [term, setTerm] = useState(section.term === 'year' ? 'year' : (section.term ?? grid.terms[0] ?? 'S1'));
  const [staffId, setStaffId] = useState(section.teacher ? String(section.teacher.staffId) : '');
  const [roomId, setRoomId] = useState(section.room ? String(section.room.id) : '');
  const [preview, setPreview] = useState<MovePreview | null>(null);
  const [version, setVersion] = useState(section.version);
  const [locked, setLocked] = useState(section.locked);
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, []);
  const body = () => ({
    period,
    ...(term !== 'year' ? { term } : {}),
    ...(staffId ? { staffId: Number(staffId) } : {}),
    ...(roomId ? { roomId: Number(roomId) } : {}),
  });
  const check = useMutation({
    mutationFn: () => apiSend<MovePreview>('POST', `/api/master-schedule/sections/${section.id}/move`, { ...body(), dryRun: true }),
    onSuccess: setPreview,
  });
  const save = useMutation({
    mutationFn: () => apiRequest<MovePreview>(`/api/master-schedule/sections/${section.id}/move`, { method: 'POST', body: { ...body(), dryRun: false }, headers: { 'if-match': `"${version}"` } }),
    onSuccess: ({ data }) => {
      setPreview(data);
      if (data.version) setVersion(data.version);
      onChanged();
    },
  });
  const lock = useMutation({
    mutationFn: () => apiRequest<{ locked: boolean; version: number }>(`/api/master-schedule/sections/${section.id}/lock`, { method: 'POST', body: { locked: !locked }, headers: { 'if-match': `"${version}"` } }),
    onSuccess: ({ data }) => {
      setLocked(data.locked);
      setVersion(data.version);
      onChanged();
    },
  });
  const changed = () => {
    setPreview(null);
    save.reset();
  };
  const hard = preview?.clashes.filter((c) => c.hard) ?? [];
  const soft = preview?.clashes.filter((c) => !c.hard) ?? [];
  return (
    <dialog ref={ref} className="section-dialog" aria-labelledby="section-dialog-title" onClose={onClose} onCancel={onClose}>
      <h2 id="section-dialog-title" tabIndex={-1}>
        {section.code}: {section.title}
      </h2>
      <dl className="facts compact">
        <dt>When</dt>
        <dd>{section.slots.join(', ') || 'not placed'}</dd>
        <dt>Teacher</dt>
        <dd>{section.teacher?.name ?? 'none'}</dd>
        <dt>Room</dt>
        <dd>{section.room?.code ?? 'none'}</dd>
        <dt>Fill</dt>
        <dd>
          {section.enrolled} of {section.capacity} seats
        </dd>
        {section.program ? (
          <>
            <dt>Program</dt>
            <dd>{section.program === 'el' ? 'English learners' : section.program === 'sped' ? 'Special education' : section.program}</dd>
          </>
        ) : null}
        <dt>Locked</dt>
        <dd>{locked ? 'Yes: builds keep it where it is' : 'No'}</dd>
      </dl>
      {section.checks.length ? (
        <ul className="notice notice-warn">
          {section.checks.map((i) => (
            <li key={i}>{grid.checks[i]?.message}</li>
          ))}
        </ul>
      ) : null}
      {mayEdit ? (
        <>
          <button type="button" className="secondary" onClick={() => lock.mutate()} disabled={lock.isPending}>
            {locked ? 'Unlock this section' : 'Lock this section where it is'}
          </button>
          {lock.error ? <ErrorNotice error={lock.error} /> : null}
          <form
            className="move-form"
            onSubmit={(e) => {
              e.preventDefault();
              check.mutate();
            }}
          >
            <fieldset>
              <legend>Move the section</legend>
              <div className="move-fields">
                <div>
                  <label htmlFor="move-period">Period</label>
                  <select id="move-period" value={period} onChange={(e) => { setPeriod(e.target.value); changed(); }}>
                    {grid.periods.map((p) => (
                      <option key={p.code} value={p.code}>
                        {p.name}
                      </option>
                    ))}
                  </select>
                </div>
                {section.term !== 'year' ? (
                  <div>
                    <label htmlFor="move-term">Term</label>
                    <select id="move-term" value={term} onChange={(e) => { setTerm(e.target.value); changed(); }}>
                      {grid.terms.map((t) => (
                        <option key={t} value={t}>
                          {t}
                        </option>
                      ))}
                    </select>
                  </div>
                ) : null}
                <div>
                  <label htmlFor="move-teacher">Teacher</label>
                  <select id="move-teacher" value={staffId} onChange={(e) => { setStaffId(e.target.value); changed(); }}>
                    {section.teacher ? null : <option value="">No teacher yet</option>}
                    {grid.byTeacher.map((t) => (
                      <option key={t.staffId} value={t.staffId}>
                        {t.name}
                      </option>
                    ))}
                  </select>
                </div>
                <div>
                  <label htmlFor="move-room">Room</label>
                  <select id="move-room" value={roomId} onChange={(e) => { setRoomId(e.target.value); changed(); }}>
                    {section.room ? null : <option value="">No room yet</option>}
                    {grid.byRoom.map((r) => (
                      <option key={r.id} value={r.id}>
                        {r.code} ({r.type}, {r.capacity})
                      </option>
                    ))}
                  </select>
                </div>
              </div>
              <div className="actions">
                <button type="submit" disabled={check.isPending}>
                  Check the move
                </button>
                <button type="button" className="primary" disabled={!preview || !preview.canSave || preview.saved || save.isPending} onClick={() => save.mutate()}>
                  Save the move
                </button>
              </div>
            </fieldset>
          </form>
          {check.error ? <ErrorNotice error={check.error} /> : null}
          {save.error ? <ErrorNotice error={save.error} /> : null}
          <div aria-live="polite" className="move-preview">
            {preview ? (
              preview.saved ? (
                <p className="notice notice-ok">
                  Saved: {preview.code} now meets in {preview.to.slots.join(', ')}.{preview.studentsAffected ? ` ${preview.studentsAffected} enrolled students are affected.` : ''}
                </p>
              ) : (
                <>
                  {hard.length ? (
                    <div className="notice notice-error">
                      <p className="notice-title">The move cannot be saved:</p>
                      <ul>
                        {hard.map((c) => (
                          <li key={c.kind + c.message}>{c.message}</li>
                        ))}
                      </ul>
                    </div>
                  ) : (
                    <p className="notice notice-ok">No rule is broken: the move can be saved.</p>
                  )}
                  {soft.length ? (
                    <div className="notice notice-warn">
                      <p className="notice-title">What it would cost students:</p>
                      <ul>
                        {soft.map((c) => (
                          <li key={c.kind + c.message}>{c.message}</li>
                        ))}
                      </ul>
                    </div>
                  ) : null}
                </>
              )
            ) : null}
          </div>
        </>
      ) : null}
      <div className="actions dialog-close">
        <button type="button" className="secondary" onClick={() => ref.current?.close()}>
          Close
        </button>
      </div>
    </dialog>
  );
}
