import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../../db/testing.ts';
import { SCHOOL_MORNING, somethingWrongEverywhere } from '../../testing/alerts.ts';
import { startSmtpServer, type RunningSmtpServer } from '../../testing/smtp.ts';
import { withTestApp } from '../../testing/test-app.ts';
import { runAlertEvaluation } from './run-alert-evaluation.ts';
import { alertMailFromEnv, sendAlertDigests, type AlertMail } from './send-alert-digests.ts';

describe.each(testDatabaseKinds())('alert e-mail through a real SMTP server on the %s database', (kind) => {
  const t = withTestApp(kind);
  let smtp: RunningSmtpServer;
  let mail: AlertMail;
  beforeAll(async () => {
    smtp = await startSmtpServer();
    mail = alertMailFromEnv({ SMTP_URL: smtp.url, SMTP_FROM: 'Homeroom <alerts@small.example>', PUBLIC_URL: 'https://homeroom.small.example/' })!;
    await somethingWrongEverywhere(t.db, t.world);
    const staffOf = async (user: string) => (await t.db.selectFrom('app_user').select('staff_id').where('id', '=', t.world.users[user]!).executeTakeFirstOrThrow()).staff_id!;
    for (const user of ['admin', 'principal', 'south-principal', 'teacher']) await t.db.updateTable('staff').set({ email: `${user}@small.example` }).where('id', '=', await staffOf(user)).execute();
  });
  afterAll(async () => {
    await smtp?.close();
  });

  it('sends each administrator one digest of the new alerts of their schools, from the evaluation job', async () => {
    const result = await runAlertEvaluation(t.db, t.world.districtId, new Date(SCHOOL_MORNING), mail);
    expect(result).toMatchObject({ raised: 5, digests: { mails: 2, alerts: 7 } });
    const to = (address: string) => smtp.received.filter((m) => m.to.includes(address));
    // The district office: all five in one mail. North's principal: North's two. South's and the teacher: nothing.
    expect(to('admin@small.example')).toHaveLength(1);
    expect(to('principal@small.example')).toHaveLength(1);
    expect(smtp.received).toHaveLength(2);
    const district = to('admin@small.example')[0]!;
    expect(district.from).toBe('alerts@small.example');
    expect(district.raw).toContain('Subject: Homeroom: 5 new alerts for your schools');
    expect(district.raw).toContain('North High: 1 student without a class');
    expect(district.raw).toContain(`https://homeroom.small.example/schedules/incomplete?school=${t.world.schools.north}`);
    expect(district.raw).toContain('District import');
    const principal = to('principal@small.example')[0]!;
    expect(principal.raw).toContain('Subject: Homeroom: 2 new alerts for your schools');
    expect(principal.raw).not.toContain('District import');
  });

  it('tells no one twice, and only of what is new', async () => {
    expect(await sendAlertDigests(t.db, t.world.districtId, mail)).toEqual({ mails: 0, alerts: 0 });
    await t.db.insertInto('alert').values({ district_id: t.world.districtId, rule: 'attendance-not-taken', subject_key: `school:${t.world.schools.south}:2026-08-18`, subject_kind: 'school', subject_id: t.world.schools.south, subject_name: 'South High', school_id: t.world.schools.south, title: 'South High: 3 classes of 40 without attendance', figure: '{}', link: `/attendance?school=${t.world.schools.south}` }).execute();
    expect(await sendAlertDigests(t.db, t.world.districtId, mail)).toEqual({ mails: 2, alerts: 2 });
    const last = smtp.received.slice(-2).map((m) => [m.to[0], m.raw.includes('Subject: Homeroom alert: South High: 3 classes of 40 without attendance')]);
    expect(last.sort()).toEqual([['admin@small.example', true], ['south-principal@small.example', true]]);
  });

  it('names a recipient the relay refused, after sending to the others, and tries them again next time', async () => {
    await t.db.insertInto('alert').values({ district_id: t.world.districtId, rule: 'job-failed', subject_key: 'job:test', subject_kind: 'job', subject_id: null, subject_name: 'a job', school_id: t.world.schools.north, title: 'North High: a job failed', figure: '{}', link: null }).execute();
    smtp.refuse.add('principal@small.example');
    await expect(sendAlertDigests(t.db, t.world.districtId, mail)).rejects.toThrow(/refused the alert digest for 1 of 2 recipients: principal@small.example/);
    smtp.refuse.clear();
    expect(await sendAlertDigests(t.db, t.world.districtId, mail)).toEqual({ mails: 1, alerts: 1 });
  });

  it('refuses an SMTP_URL that is not one', () => {
    expect(alertMailFromEnv({})).toBeNull();
    expect(() => alertMailFromEnv({ SMTP_URL: 'relay.example.org' })).toThrow(/not a URL/);
    expect(() => alertMailFromEnv({ SMTP_URL: 'http://relay.example.org' })).toThrow(/smtp:\/\//);
  });
});
