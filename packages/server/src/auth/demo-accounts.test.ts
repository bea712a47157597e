import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../db/connection.ts';
import { openTestDatabase } from '../db/testing.ts';
import { createSmallDistrict } from '../testing/small-district.ts';
import { accountsWithDemoPassword, DEMO_PASSWORD, setDemoPasswords } from './demo-accounts.ts';
import { hashPassword } from './passwords.ts';

describe('the demo accounts the start-up banner names', () => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await openTestDatabase('embedded');
    await createSmallDistrict(handle.db);
  });
  afterAll(async () => {
    await handle?.close();
  });

  it('are those whose password is still the published one, not every demo username with a password', async () => {
    // Every account of the fixture has a password, none the demo one.
    expect(await accountsWithDemoPassword(handle.db)).toEqual([]);
    await setDemoPasswords(handle.db, ['admin', 'teacher', 'clerk']);
    expect(await accountsWithDemoPassword(handle.db)).toEqual(['admin', 'teacher', 'clerk']);
    // The administrator chose a password of their own; the clerk's account was disabled.
    await handle.db.updateTable('app_user').set({ password_hash: await hashPassword(`${DEMO_PASSWORD} but longer`) }).where('username', '=', 'admin').execute();
    await handle.db.updateTable('app_user').set({ disabled: true }).where('username', '=', 'clerk').execute();
    expect(await accountsWithDemoPassword(handle.db)).toEqual(['teacher']);
  });
});
