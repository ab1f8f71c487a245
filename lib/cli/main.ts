#!/usr/bin/env node
import { renderUsage, runCommand, type ArgsDef, type CommandDef } from 'citty';
import { stripVTControlCharacters } from 'node:util';
import { ManagerError, ManagerUnreachableError } from '../manager/client/manager-error.ts';
import { say, sayError } from './cli-logger.ts';
import { reloginHint } from './connect.ts';
import { errorOrigin } from './error-origin.ts';
import { mviVersion } from './mvi-version.ts';
import { closePrompts } from './prompt.ts';
import { UserError } from './user-error.ts';

// Each command's module is imported only when it runs (or when help lists it): `mvi ls` loads
// neither the runtime nor the manager.
const commands = {
  start: () => import('./commands/start.ts').then((m) => m.default),
  dev: () => import('./commands/dev.ts').then((m) => m.default),
  init: () => import('./commands/init.ts').then((m) => m.default),
  manager: () => import('./commands/manager.ts').then((m) => m.default),
  login: () => import('./commands/login.ts').then((m) => m.default),
  logout: () => import('./commands/logout.ts').then((m) => m.default),
  deploy: () => import('./commands/deploy.ts').then((m) => m.default),
  ls: () => import('./commands/ls.ts').then((m) => m.default),
  assign: () => import('./commands/assign.ts').then((m) => m.default),
  kill: () => import('./commands/kill.ts').then((m) => m.default),
  logs: () => import('./commands/logs.ts').then((m) => m.default),
  shadow: () => import('./commands/shadow.ts').then((m) => m.default),
  token: () => import('./commands/token.ts').then((m) => m.default),
  user: () => import('./commands/user.ts').then((m) => m.default),
  notifications: () => import('./commands/notifications.ts').then((m) => m.default),
};

const main: CommandDef = {
  // Resolved only when help is printed: running a command does not read package.json for the version.
  meta: () => ({ name: 'mvi', version: mviVersion(), description: 'Serve TypeScript functions as monitored HTTP services, and drive the manager that runs them' }),
  subCommands: commands,
};

type AnyCommand = CommandDef<ArgsDef>;
const resolve = async <T>(value: T | Promise<T> | (() => T | Promise<T>)): Promise<T> => (typeof value === 'function' ? (value as () => T | Promise<T>)() : value);

/** The command `argv` names (`mvi user add …` is `user add`), its words, and the arguments left for it. */
async function commandOf(argv: readonly string[]): Promise<{ command: AnyCommand; path: string[]; rest: string[] }> {
  let command: AnyCommand = main;
  const path = ['mvi'];
  let rest = [...argv];
  for (;;) {
    const subCommands = command.subCommands && (await resolve(command.subCommands));
    const word = rest[0];
    if (!subCommands || word === undefined || !(word in subCommands)) return { command, path, rest };
    command = await resolve(subCommands[word]!);
    path.push(word);
    rest = rest.slice(1);
  }
}

const kebab = (name: string) => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

// citty takes any option without a word: a typo (`--fallow`) would silently do the wrong thing.
async function unknownOption(command: AnyCommand, rest: readonly string[]): Promise<string | undefined> {
  const args = Object.entries((command.args && (await resolve(command.args))) ?? {});
  const known = new Map<string, ArgsDef[string]>();
  for (const [name, def] of args) {
    if (def.type === 'positional') continue;
    const aliases = 'alias' in def && def.alias !== undefined ? [def.alias].flat() : [];
    for (const word of [name, kebab(name), ...aliases]) known.set(word, def);
  }
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]!;
    if (arg === '--') return undefined;
    if (!arg.startsWith('-') || arg === '-') continue;
    const word = arg.replace(/^--?/, '').split('=')[0]!;
    const def = known.get(word) ?? (word.startsWith('no-') ? known.get(word.slice(3)) : undefined);
    if (!def) return arg.split('=')[0];
    if ((def.type === 'string' || def.type === 'enum') && !arg.includes('=')) i++;
  }
  return undefined;
}

// citty colours its help even into a pipe, and pads its columns with trailing spaces.
async function usage(command: AnyCommand, path: readonly string[]): Promise<string> {
  const text = await renderUsage(command, path.length > 1 ? { meta: { name: path.slice(0, -1).join(' '), version: mviVersion() } } : undefined);
  return (process.stdout.isTTY ? text : stripVTControlCharacters(text)).split('\n').map((line) => line.trimEnd()).join('\n');
}

// What a failure tells the user: one line (a failed deploy adds its log's tail), never a stack
// unless DEBUG is set. An unexpected error says where in the user's code it was thrown (a
// service module failing as it loads): without it, "Cannot read properties of undefined" says
// nothing of where to look.
function describe(error: unknown, path: readonly string[]): string {
  if (error instanceof ManagerError && error.status === 401 && reloginHint()) return reloginHint()!;
  if (error instanceof ManagerError || error instanceof ManagerUnreachableError || error instanceof UserError) return error.message;
  if (error instanceof Error && error.name === 'CLIError') return `${error.message}: see ${path.join(' ')} --help`;
  if (!(error instanceof Error)) return String(error);
  if (process.env.DEBUG) return error.stack ?? error.message;
  const origin = errorOrigin(error);
  if (origin === undefined) return error.message;
  const [first, ...rest] = error.message.split('\n');
  return [`${first} (at ${origin})`, ...rest].join('\n');
}

async function run(argv: readonly string[]): Promise<number> {
  if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-v')) {
    process.stdout.write(`${mviVersion()}\n`);
    return 0;
  }
  const { command, path, rest } = await commandOf(argv);
  // A command with subcommands and a run of its own (`mvi token [days]`, `mvi token ls`) runs
  // whatever names no subcommand; one without only groups its subcommands.
  const groupOnly = command.subCommands !== undefined && command.run === undefined;
  if (groupOnly && rest[0] !== undefined && !rest[0].startsWith('-')) {
    sayError(`Unknown command "${rest[0]}": see ${path.join(' ')} --help`);
    return 1;
  }
  const beforeDashes = rest.slice(0, rest.includes('--') ? rest.indexOf('--') : undefined);
  if (beforeDashes.includes('--help') || beforeDashes.includes('-h') || command === main || (groupOnly && rest.length === 0)) {
    process.stdout.write(`${await usage(command, path)}\n`);
    return beforeDashes.includes('--help') || beforeDashes.includes('-h') ? 0 : 1;
  }
  try {
    const unknown = await unknownOption(command, rest);
    if (unknown) throw Object.assign(new Error(`Unknown option ${unknown}`), { name: 'CLIError' });
    // commandOf has dispatched the words: citty would take `7` in `mvi token 7` for an unknown subcommand.
    await runCommand(groupOnly ? command : { ...command, subCommands: undefined }, { rawArgs: rest });
    return 0;
  } catch (error) {
    sayError(describe(error, path));
    return 1;
  } finally {
    closePrompts();
  }
}

// A promise a handler forgot to await must not take a service (`mvi start`) down with it.
process.on('unhandledRejection', (reason) => say.error('Unhandled promise rejection (the service keeps running):', reason));

run(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
