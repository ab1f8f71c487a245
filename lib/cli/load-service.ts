import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ServiceLike } from '../service/types.ts';

const isService = (value: unknown): value is ServiceLike =>
  typeof value === 'object' && value !== null &&
  ((value as { kind?: unknown }).kind === 'service' || (value as { description?: { kind?: unknown } }).description?.kind === 'service');

/** Imports a module and finds its service: the default export, else the only exported one. */
export async function loadService(file: string): Promise<ServiceLike> {
  const module = (await import(pathToFileURL(resolve(file)).href)) as Record<string, unknown>;
  if (isService(module.default)) return module.default;
  const services = Object.entries(module).filter(([, value]) => isService(value));
  if (services.length === 1) return services[0]![1] as ServiceLike;
  throw new Error(
    services.length === 0
      ? `${file} exports no service: export the result of defineService(...) (as default, or as the only export)`
      : `${file} exports several services (${services.map(([name]) => name).join(', ')}): export the one to run as default`,
  );
}
