import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { TERM_CODES } from '@homeroom/core/api/school-setup';
import { apiRequest } from '../../api/client.ts';
import type { SchoolYear } from '../../api/types.ts';
import { ErrorNotice } from '../../components/ErrorNotice.tsx';
import { Field, refusedFields } from './fields.tsx';

type Code = (typeof TERM_CODES)[number];
interface PeriodDraft { code: string; name: string; startDate: string; endDate: string; isFinal: boolean; marksDue: string }
interface TermDraft { name: string; startDate: string; endDate: string; gradingPeriods: PeriodDraft[] }

const TERM_NAMES: Record<Code, string> = { S1: 'Fall semester', S2: 'Spring semester', SU: 'Summer school' };

function draftOf(year: SchoolYear): Record<Code, TermDraft> {
  const out = {} as Record<Code, TermDraft>;
  for (const code of TERM_CODES) {
    const t = year.terms.find((x) => x.code === code);
    out[code] = t
      ? { name: t.name, startDate: t.startDate, endDate: t.endDate, gradingPeriods: t.gradingPeriods.map((g) => ({ code: g.code, name: g.name, startDate: g.startDate, endDate: g.endDate, isFinal: g.isFinal, marksDue: g.marksDue ?? '' })) }
      : { name: '', startDate: '', endDate: '', gradingPeriods: [] };
  }
  return out;
}

/**
 * A school year's dates, terms (S1, S2, summer) and each term's grading periods, saved together
 * against the version read. A term left without dates is not part of the year.
 */
export function TermsForm({ year }: { year: SchoolYear }) {
  const client = useQueryClient();
  const [startDate, setStartDate] = useState(year.startDate);
  const [endDate, setEndDate] = useState(year.endDate);
  const [terms, setTerms] = useState(() => draftOf(year));
  const [saved, setSaved] = useState(false);
  const used = TERM_CODES.filter((c) => terms[c].startDate || terms[c].endDate || terms[c].gradingPeriods.length > 0);
  const save = useMutation({
    mutationFn: () =>
      apiRequest<SchoolYear>(`/api/school-years/${year.id}`, {
        method: 'PUT',
        headers: { 'if-match': `"${year.version}"` },
        body: {
          startDate,
          endDate,
          terms: used.map((code) => ({
            code,
            name: terms[code].name.trim() || TERM_NAMES[code],
            startDate: terms[code].startDate,
            endDate: terms[code].endDate,
            gradingPeriods: terms[code].gradingPeriods.map((g) => ({ ...g, marksDue: g.marksDue || null })),
          })),
        },
      }),
    onSuccess: async () => {
      setSaved(true);
      await client.invalidateQueries({ queryKey: ['school-years'] });
    },
  });
  // The server names fields by their place in what was sent: map them back to the inputs.
  const refused = refusedFields(save.error);
  const errorOf = (code: Code, rest: string) => refused[`body.terms.${used.indexOf(code)}.${rest}`];
  const setTerm = (code: Code, change: Partial<TermDraft>) => {
    setSaved(false);
    setTerms({ ...terms, [code]: { ...terms[code], ...change } });
  };
  const setPeriod = (code: Code, j: number, change: Partial<PeriodDraft>) => setTerm(code, { gradingPeriods: terms[code].gradingPeriods.map((g, k) => (k === j ? { ...g, ...change } : g)) });
  return (
    <form
      className="panel"
      aria-labelledby="terms-h"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate();
      }}
    >
      <h2 id="terms-h">Terms and grading periods of {year.name}</h2>
      <fieldset>
        <legend>The school year</legend>
        <Field id="year-start" label="First day of the year" type="date" required value={startDate} onChange={(e) => setStartDate(e.target.value)} error={refused['body.startDate']} />
        <Field id="year-end" label="Last day of the year" type="date" required value={endDate} onChange={(e) => setEndDate(e.target.value)} error={refused['body.endDate']} />
      </fieldset>
      {TERM_CODES.map((code) => {
        const t = terms[code];
        const periodsError = errorOf(code, 'gradingPeriods');
        return (
          <fieldset key={code} aria-describedby={periodsError ? `term-${code}-periods-error` : undefined}>
            <legend>
              {TERM_NAMES[code]} ({code})
            </legend>
            <Field id={`term-${code}-name`} label={`${code} name`} value={t.name} placeholder={TERM_NAMES[code]} onChange={(e) => setTerm(code, { name: e.target.value })} error={errorOf(code, 'name')} />
            <Field id={`term-${code}-start`} label={`${code} first day`} type="date" value={t.startDate} onChange={(e) => setTerm(code, { startDate: e.target.value })} error={errorOf(code, 'startDate')} />
            <Field id={`term-${code}-end`} label={`${code} last day`} type="date" value={t.endDate} onChange={(e) => setTerm(code, { endDate: e.target.value })} error={errorOf(code, 'endDate')} />
            {periodsError ? (
              <p className="field-error" id={`term-${code}-periods-error`}>
                {code} grading periods: {periodsError}
              </p>
            ) : null}
            {t.gradingPeriods.map((g, j) => {
              const id = `gp-${code}-${j}`;
              const at = `gradingPeriods.${j}`;
              return (
                <fieldset key={j} className="grading-period">
                  <legend>
                    {code} grading period {j + 1}
                  </legend>
                  <Field id={`${id}-code`} label="Code" required value={g.code} onChange={(e) => setPeriod(code, j, { code: e.target.value })} error={errorOf(code, `${at}.code`)} />
                  <Field id={`${id}-name`} label="Name" required value={g.name} onChange={(e) => setPeriod(code, j, { name: e.target.value })} error={errorOf(code, `${at}.name`)} />
                  <Field id={`${id}-start`} label="First day" type="date" required value={g.startDate} onChange={(e) => setPeriod(code, j, { startDate: e.target.value })} error={errorOf(code, `${at}.startDate`)} />
                  <Field id={`${id}-end`} label="Last day" type="date" required value={g.endDate} onChange={(e) => setPeriod(code, j, { endDate: e.target.value })} error={errorOf(code, `${at}.endDate`)} />
                  <Field id={`${id}-due`} label="Marks due" type="date" value={g.marksDue} onChange={(e) => setPeriod(code, j, { marksDue: e.target.value })} error={errorOf(code, `${at}.marksDue`)} />
                  <div className="checkbox">
                    <input id={`${id}-final`} type="checkbox" checked={g.isFinal} onChange={(e) => setPeriod(code, j, { isFinal: e.target.checked })} />
                    <label htmlFor={`${id}-final`}>Final (its marks go on the transcript)</label>
                  </div>
                  <button type="button" className="secondary" onClick={() => setTerm(code, { gradingPeriods: t.gradingPeriods.filter((_, k) => k !== j) })}>
                    Remove {code} grading period {j + 1}
                  </button>
                </fieldset>
              );
            })}
            <button
              type="button"
              className="secondary"
              onClick={() => setTerm(code, { gradingPeriods: [...t.gradingPeriods, { code: `${code}-${t.gradingPeriods.length + 1}`, name: '', startDate: t.startDate, endDate: t.endDate, isFinal: t.gradingPeriods.length === 0, marksDue: '' }] })}
            >
              Add a grading period to {code}
            </button>
          </fieldset>
        );
      })}
      <button type="submit" className="primary" disabled={save.isPending}>
        {save.isPending ? 'Saving…' : `Save ${year.name}`}
      </button>
      {save.error ? <ErrorNotice error={save.error} /> : null}
      {saved && !save.isPending ? (
        <p className="notice notice-ok" role="status">
          {year.name} is saved.
        </p>
      ) : null}
    </form>
  );
}
