import { isErrorBody } from '../protocol/error-body.ts';

/** What an error answer says, for people: its `detail`, or each entry of a 422's list with where it points below `['body', 'value']`. */
export function errorMessages(status: number, body: unknown): string[] {
  if (!isErrorBody(body)) return [`The request failed (${status})`];
  if (typeof body.detail === 'string') return [body.detail];
  return body.detail.map(({ loc, msg }) => {
    const place = loc.slice(loc[0] === 'body' || loc[0] === 'query' ? (loc[1] === 'value' ? 2 : 1) : 0);
    return place.length > 0 ? `${place.join('.')}: ${msg}` : msg;
  });
}
