import { getRouterParam, type H3, type H3Event } from 'h3';
import * as v from 'valibot';
import { httpError } from '../../engine/http-error.ts';
import { validate } from '../../engine/validate.ts';
import { MANAGER_ROUTES } from '../../protocol/routes.ts';
import { jsonResponse } from '../../runtime/json-response.ts';
import { readJsonBody } from '../../runtime/read-json-body.ts';
import { methodDispatcher } from '../../runtime/route-context.ts';
import type { AuthInternals } from './_auth-internals.ts';
import { hashPassword } from './_password-hash.ts';
import { ROUTE_ROLES } from './route-roles.ts';
import { PasswordSchema, UserNameSchema, UserRoleSchema } from './user-rules.ts';

const BODY_LIMIT = 16 * 1024;

const NewUserSchema = v.object({ name: v.optional(UserNameSchema), password: PasswordSchema, role: v.optional(UserRoleSchema, 'user') });
const ChangeSchema = v.pipe(
  v.object({ password: v.optional(PasswordSchema), role: v.optional(UserRoleSchema) }),
  v.check((change) => change.password !== undefined || change.role !== undefined, 'Give a new password, a new role, or both'),
);

async function nameIn(event: H3Event): Promise<string> {
  return validate(UserNameSchema, getRouterParam(event, 'name') ?? '', ['path', 'name']);
}

const notFound = (name: string) => httpError(404, `No user named ${JSON.stringify(name)}`);

/** Registers `GET / POST /admin/users` and `GET / POST / PUT / DELETE /admin/users/{name}`, for admins only. */
export function registerUserRoutes(app: H3, internals: AuthInternals): void {
  const { auth, users, tokens, now, logger } = internals;
  const body = async (event: H3Event) => (await readJsonBody(event.req, BODY_LIMIT)).value;

  async function list(event: H3Event): Promise<Response> {
    await auth.require(event, ROUTE_ROLES.users);
    return jsonResponse(await users.list());
  }

  async function show(event: H3Event): Promise<Response> {
    await auth.require(event, ROUTE_ROLES.users);
    const name = await nameIn(event);
    const user = await users.get(name);
    if (!user) throw notFound(name);
    return jsonResponse({ name: user.name, role: user.role, created_at: user.created_at });
  }

  async function create(event: H3Event, fromPath: string | undefined): Promise<Response> {
    const admin = await auth.require(event, ROUTE_ROLES.users);
    const input = await validate(NewUserSchema, await body(event), ['body']);
    if (fromPath !== undefined && input.name !== undefined && input.name !== fromPath) {
      throw httpError(422, [{ loc: ['body', 'name'], msg: `The name in the body (${input.name}) differs from the one in the path (${fromPath})`, type: 'value_error' }]);
    }
    const name = fromPath ?? input.name;
    if (name === undefined) throw httpError(422, [{ loc: ['body', 'name'], msg: 'Field required', type: 'missing' }]);
    if (!(await users.create({ name, role: input.role, passwordHash: await hashPassword(input.password) }, now()))) {
      throw httpError(409, `A user named ${JSON.stringify(name)} already exists`);
    }
    logger.info(`${admin.subject} created the user ${name} (${input.role})`);
    return jsonResponse({ name, role: input.role }, 201);
  }

  async function change(event: H3Event): Promise<Response> {
    const admin = await auth.require(event, ROUTE_ROLES.users);
    const name = await nameIn(event);
    const input = await validate(ChangeSchema, await body(event), ['body']);
    // An admin who demoted themselves could leave the manager with no admin at all.
    if (name === admin.subject && input.role !== undefined && input.role !== 'admin') throw httpError(403, 'You cannot take the admin role from yourself: ask another admin');
    const passwordHash = input.password === undefined ? undefined : await hashPassword(input.password);
    if (!(await users.update(name, { role: input.role, passwordHash }))) throw notFound(name);
    // A new password ends every session and token of the old one; a new role applies to them at once.
    if (passwordHash !== undefined) await tokens.revokeSubject(name);
    else if (input.role !== undefined) await tokens.setRole(name, input.role);
    const user = await users.get(name);
    logger.info(`${admin.subject} changed the user ${name}${input.password === undefined ? '' : ' (password)'}${input.role === undefined ? '' : ` (role ${input.role})`}`);
    return jsonResponse({ name, role: user?.role ?? input.role });
  }

  async function remove(event: H3Event): Promise<Response> {
    const admin = await auth.require(event, ROUTE_ROLES.users);
    const name = await nameIn(event);
    if (name === admin.subject) throw httpError(403, 'You cannot delete yourself: ask another admin');
    if (!(await users.remove(name))) throw notFound(name);
    await tokens.revokeSubject(name);
    logger.info(`${admin.subject} deleted the user ${name}`);
    return jsonResponse('OK');
  }

  app.all(MANAGER_ROUTES.users, methodDispatcher({ GET: list, POST: (event) => create(event, undefined) }, logger));
  app.all(`${MANAGER_ROUTES.users}/:name`, methodDispatcher({ GET: show, POST: async (event) => create(event, await nameIn(event)), PUT: change, DELETE: remove }, logger));
}
