/** A valid 8-field payload of `POST /notifications/`, as a service sends it, with `fields` changed. */
export const payload = (fields: Record<string, unknown> = {}): Record<string, unknown> => ({
  service_name: 'sensor',
  service_version: '1.0.0',
  msg: 'Temperature above 90',
  severity: 1,
  dashboard: true,
  emails: null,
  timer: 0,
  timestamp: '2026-03-01 12:00:00.000000',
  ...fields,
});
