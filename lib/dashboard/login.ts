import './styles.css';
import { apiErrorOf } from './_api-error.ts';
import { MANAGER_ROUTES } from '../protocol/routes.ts';

// The login page: the form is sent as JSON, so that a wrong password shows here instead of
// leaving the page for an error; a success reloads the address, which is then the dashboard.
const form = document.querySelector<HTMLFormElement>('#login')!;
const error = document.querySelector<HTMLElement>('#login-error')!;
const button = form.querySelector<HTMLButtonElement>('button')!;

function show(message: string | undefined): void {
  error.hidden = message === undefined;
  error.textContent = message ?? '';
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  const fields = new FormData(form);
  button.disabled = true;
  show(undefined);
  fetch(MANAGER_ROUTES.login, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ username: fields.get('username'), password: fields.get('password') }),
  })
    .then(async (response) => {
      if (response.ok) return window.location.reload();
      show((await apiErrorOf(response)).messages.join(' '));
      form.querySelector<HTMLInputElement>('input[name=password]')!.select();
    })
    .catch(() => show('The manager cannot be reached. Is it running?'))
    .finally(() => (button.disabled = false));
});
