import * as v from 'valibot';
import { describe, expect, test } from 'vitest';
import { toNotification } from '../../lib/communication/notify.ts';
import { NotificationSchema } from '../../lib/protocol/notification.ts';
import { Severity } from '../../lib/protocol/severity.ts';

const valid = {
  service_name: 'dice',
  service_version: '1.0.0',
  msg: 'Too hot',
  severity: 2,
  dashboard: true,
  emails: ['ops@example.com'],
  timer: 600,
  timestamp: '2026-11-02T10:00:00.000Z',
};

describe('NotificationSchema', () => {
  test('accepts what notify() sends', () => {
    const sent = toNotification('Too hot', Severity.WARNING, { emails: ['ops@example.com'], timer: 5 }, { name: 'dice', version: '1.0.0' });
    expect(v.parse(NotificationSchema, sent)).toStrictEqual(sent);
  });

  test('drops unknown fields, and takes a missing emails as none (the seed sends null)', () => {
    const { emails: _, ...withoutEmails } = valid;
    expect(v.parse(NotificationSchema, { ...withoutEmails, extra: 'x' })).toStrictEqual({ ...withoutEmails, emails: null });
  });

  test('takes a negative timer as 0, as the seed\'s clients mean it', () => {
    expect(v.parse(NotificationSchema, { ...valid, timer: -5 }).timer).toBe(0);
  });

  test.each([
    ['an unknown severity', { severity: 3 }],
    ['a message with a NUL character', { msg: 'a\0b' }],
    ['a missing message', { msg: undefined }],
    ['a string for dashboard', { dashboard: 'yes' }],
    ['an address that is none', { emails: ['not an address'] }],
  ])('refuses %s', (_, change) => {
    expect(v.safeParse(NotificationSchema, { ...valid, ...change }).success).toBe(false);
  });
});
