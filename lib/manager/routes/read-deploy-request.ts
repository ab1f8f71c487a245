import type { H3Event } from 'h3';
import * as v from 'valibot';
import { httpError } from '../../engine/http-error.ts';
import { unwrap } from '../../engine/validate.ts';
import { readJsonBody } from '../../runtime/read-json-body.ts';
import type { DeployRequest } from '../deploy-request.ts';
import { ReplicaCountSchema } from '../../protocol/replica-count.ts';
import { ServiceNameSchema, ServiceVersionSchema } from '../../protocol/service-names.ts';

/** Largest deploy request: a project archive (100 MiB). */
export const UPLOAD_LIMIT = 100 * 1024 * 1024;
const JSON_LIMIT = 1024 * 1024;

function isOrigin(url: string): boolean {
  if (!URL.canParse(url)) return false;
  const { protocol, pathname, search, hash, username, password } = new URL(url);
  return (protocol === 'http:' || protocol === 'https:') && pathname === '/' && !search && !hash && !username && !password;
}

const Deploy = v.object({
  name: ServiceNameSchema,
  version: ServiceVersionSchema,
  source: v.optional(v.pipe(v.string(), v.minLength(1, 'A source must be a path'))),
  command: v.optional(v.pipe(v.array(v.string()), v.minLength(1, 'A command is a list of at least one argument: ["python3", "service.py"]'))),
  env: v.optional(v.record(v.string(), v.string())),
  port: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(65_535))),
  replicas: v.optional(ReplicaCountSchema),
  url: v.optional(v.pipe(
    v.string(),
    v.check(isOrigin, 'url is where an http(s) server answers, without a path: http://dice.mvi.svc.cluster.local:8000'),
    v.transform((url) => new URL(url).origin),
  )),
});

// Multipart fields are text: these arrive as JSON in them.
const JSON_FIELDS = new Set(['command', 'env', 'port', 'replicas']);

function fieldsOf(form: FormData): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const [key, value] of form) {
    if (typeof value !== 'string') continue;
    if (JSON_FIELDS.has(key)) {
      try {
        fields[key] = JSON.parse(value);
      } catch {
        throw httpError(422, [{ loc: ['body', key], msg: `Invalid JSON in the ${key} field: ${JSON.stringify(value)}`, type: 'json_invalid' }]);
      }
    } else fields[key] = value;
  }
  return fields;
}

async function readForm(event: H3Event): Promise<DeployRequest> {
  const declared = Number(event.req.headers.get('content-length') ?? Number.NaN);
  if (declared > UPLOAD_LIMIT) throw httpError(413, `An upload may be at most ${UPLOAD_LIMIT} bytes`);
  let form: FormData;
  try {
    form = await event.req.formData();
  } catch (error) {
    if ((error as { status?: unknown }).status === 413) throw httpError(413, `An upload may be at most ${UPLOAD_LIMIT} bytes`);
    throw httpError(422, `The multipart body could not be read: ${(error as Error).message}`);
  }
  const file = form.get('file');
  if (file !== null && typeof file === 'string') throw httpError(422, [{ loc: ['body', 'file'], msg: 'The file field must be an uploaded .tar.gz file', type: 'value_error' }]);
  const fields = unwrap<typeof Deploy>(await Deploy['~standard'].validate(fieldsOf(form)), ['body']);
  return { ...fields, archive: file?.stream() };
}

/** The deploy a `POST /services/` asks for: JSON, or multipart with the archive in `file`; 422 when invalid. */
export async function readDeployRequest(event: H3Event): Promise<DeployRequest> {
  if (/^multipart\/form-data\b/i.test(event.req.headers.get('content-type') ?? '')) return readForm(event);
  const { value } = await readJsonBody(event.req, JSON_LIMIT);
  return unwrap<typeof Deploy>(await Deploy['~standard'].validate(value), ['body']);
}
