import type { Kysely } from 'kysely';
import nodemailer from 'nodemailer';
import { ConfigError } from '../../config.ts';
import type { Database } from '../../db/schema.ts';
import { grantHoldsOn } from '../../auth/sessions.ts';
import { districtToday } from '../../clock.ts';
import { alertRecipients, alertsToTell, recordAlertsTold } from './alerts.repository.ts';

/** Where alert e-mail goes: the district's SMTP relay (SMTP_URL), from SMTP_FROM, links under PUBLIC_URL. */
export interface AlertMail {
  smtpUrl: string;
  from: string;
  /** The address people open Homeroom at, for the links in a mail; without it, links are paths. */
  publicUrl: string | null;
}

/** The alert mail settings from the environment; null when SMTP_URL is unset (no mail is sent). */
export function alertMailFromEnv(env: NodeJS.ProcessEnv): AlertMail | null {
  const smtpUrl = env.SMTP_URL?.trim();
  if (!smtpUrl) return null;
  let parsed: URL;
  try {
    parsed = new URL(smtpUrl);
  } catch {
    throw new ConfigError('SMTP_URL is not a URL: expected smtp://user:password@relay.example.org:587 (or smtps:// for TLS from the start)');
  }
  if (parsed.protocol !== 'smtp:' && parsed.protocol !== 'smtps:') throw new ConfigError(`SMTP_URL must start with smtp:// or smtps://, got ${parsed.protocol}//`);
  return { smtpUrl, from: env.SMTP_FROM?.trim() || `Homeroom <homeroom@${parsed.hostname || 'localhost'}>`, publicUrl: env.PUBLIC_URL?.trim().replace(/\/+$/, '') || null };
}

type Alert = Awaited<ReturnType<typeof alertsToTell>>['alerts'][number];

function digestText(name: string, alerts: Alert[], publicUrl: string | null): string {
  const lines = [`${name},`, '', alerts.length === 1 ? 'Homeroom raised an alert for your schools:' : `Homeroom raised ${alerts.length} alerts for your schools:`, ''];
  for (const alert of alerts) {
    lines.push(`- ${alert.title}`);
    if (alert.link) lines.push(`  ${publicUrl ?? ''}${alert.link}`);
  }
  lines.push('', `Acknowledge or resolve them in Homeroom${publicUrl ? ` (${publicUrl}/alerts)` : ''}. This mail lists only alerts you were not told of before.`);
  return lines.join('\n');
}

/**
 * Tells each administrator, in one mail, of the unresolved alerts of their schools they were not
 * told of yet (a digest: two hundred alerts are one mail, not two hundred). Who was told of what is
 * recorded after their mail is accepted by the relay, so a retry sends only what did not go. A
 * recipient whose mail the relay refused is named in the error, after the others were sent.
 */
export async function sendAlertDigests(db: Kysely<Database>, districtId: number, mail: AlertMail): Promise<{ mails: number; alerts: number }> {
  const { recipients: granted, alerts, told } = await db.transaction().execute(async (trx) => ({ recipients: await alertRecipients(trx, districtId), ...(await alertsToTell(trx, districtId)) }));
  // An administrator whose grant ended, or has not started, is not told.
  const today = await districtToday(db, districtId);
  const recipients = granted.filter((r) => grantHoldsOn(r, today));
  const toldOf = new Set(told.map((t) => `${t.user_id}:${t.alert_id}`));
  const people = new Map<number, { name: string; email: string; schools: Set<number> | 'all' }>();
  for (const r of recipients) {
    const person = people.get(r.user_id) ?? { name: r.display_name, email: r.email!, schools: new Set<number>() };
    if (r.role === 'district-admin' && r.school_id === null) person.schools = 'all';
    else if (person.schools !== 'all' && r.school_id !== null) person.schools.add(r.school_id);
    people.set(r.user_id, person);
  }
  const transport = nodemailer.createTransport(mail.smtpUrl);
  const failed: string[] = [];
  let mails = 0;
  let listed = 0;
  try {
    for (const [userId, person] of people) {
      const visible = alerts.filter((a) => person.schools === 'all' || (a.school_id !== null && person.schools.has(a.school_id)));
      const news = visible.filter((a) => !toldOf.has(`${userId}:${a.id}`)).sort((a, b) => a.id - b.id);
      if (!news.length) continue;
      try {
        await transport.sendMail({
          from: mail.from,
          to: { name: person.name, address: person.email },
          subject: news.length === 1 ? `Homeroom alert: ${news[0]!.title}` : `Homeroom: ${news.length} new alerts for your schools`,
          text: digestText(person.name, news, mail.publicUrl),
        });
      } catch (error) {
        failed.push(`${person.email} (${(error as Error).message})`);
        continue;
      }
      await recordAlertsTold(db, districtId, userId, news.map((a) => a.id));
      mails += 1;
      listed += news.length;
    }
  } finally {
    transport.close();
  }
  if (failed.length) throw new Error(`the mail relay refused the alert digest for ${failed.length} of ${mails + failed.length} recipients: ${failed.join('; ')}`);
  return { mails, alerts: listed };
}
