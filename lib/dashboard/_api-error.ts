import { errorBodyOf } from '../protocol/error-body.ts';
import { errorMessages } from './_error-messages.ts';

/** An answer of the manager or a service that was not a success, with what it said. */
export class ApiError extends Error {
  readonly status: number;
  readonly messages: readonly string[];

  constructor(status: number, messages: readonly string[]) {
    super(messages.join('; '));
    this.status = status;
    this.messages = messages;
  }
}

/** The error a failed answer stands for, with the messages its body holds. */
export async function apiErrorOf(response: Response): Promise<ApiError> {
  // A body cut off mid-way (the manager stopped, say) still leaves the status to show.
  const text = await response.text().catch(() => '');
  return new ApiError(response.status, errorMessages(response.status, errorBodyOf(text)));
}
