/**
 * The API contract: for each method its name, a zod schema for the input and its output type.
 * The main process validates every input against these schemas before any service sees it.
 * The preload and the web host bridge expose exactly these method names and nothing else.
 */
import { z } from 'zod';
import type {
  AppStatus,
  Client,
  ClientSummary,
  Contact,
  CreatedVault,
  Settings,
  TimelineEntry,
} from './types';
import { CLIENT_KINDS, ENTRY_KINDS, LIFECYCLE_STAGES } from './types';

/** Declares a method: `method<Output>()(inputSchema)`. */
const method =
  <O>() =>
  <I extends z.ZodType>(input: I) => ({ input, output: null as unknown as O });

const id = z.string().uuid();
const passphrase = z.string().min(1, 'Enter a passphrase').max(1024, 'At most 1024 characters');
const shortText = (max = 200) => z.string().trim().max(max, `At most ${max} characters`);
const requiredName = z.string().trim().min(1, 'A name is required').max(200, 'At most 200 characters');
const isoDateTime = z.iso.datetime({ offset: true });
const tags = z.array(shortText(50).min(1)).max(50);
const revenueShare = z.number().min(0).max(100).nullable();
const empty = z.strictObject({});

/** Optional client fields, shared by create and update. */
const clientFields = {
  stage: z.enum(LIFECYCLE_STAGES).optional(),
  industry: shortText().optional(),
  owner: shortText().optional(),
  tags: tags.optional(),
  revenueShare: revenueShare.optional(),
  notes: shortText(100_000).optional(),
};

export const contract = {
  'app.status': method<AppStatus>()(empty),

  'vault.create': method<CreatedVault>()(z.strictObject({ passphrase })),
  'vault.unlock': method<AppStatus>()(z.strictObject({ passphrase })),
  'vault.unlockWithRecoveryKey': method<AppStatus>()(
    z.strictObject({ recoveryKey: z.string().min(1, 'Enter the recovery key').max(200), newPassphrase: passphrase }),
  ),
  'vault.lock': method<AppStatus>()(empty),
  'vault.changePassphrase': method<null>()(
    z.strictObject({ currentPassphrase: passphrase, newPassphrase: passphrase }),
  ),
  'vault.newRecoveryKey': method<CreatedVault>()(z.strictObject({ passphrase })),
  'vault.confirmRecoveryKey': method<Settings>()(empty),
  'vault.open': method<AppStatus>()(
    z.strictObject({ path: z.string().trim().min(1, 'Enter a path').max(4096) }),
  ),
  'vault.chooseFile': method<{ supported: boolean; path: string | null }>()(
    z.strictObject({ mode: z.enum(['open', 'create']) }),
  ),

  'session.activity': method<null>()(empty),

  'settings.get': method<Settings>()(empty),
  'settings.update': method<Settings>()(
    z.strictObject({
      autoLockMinutes: z.number().int().min(1).max(24 * 60).optional(),
      userName: shortText().optional(),
    }),
  ),

  'clients.list': method<ClientSummary[]>()(empty),
  'clients.get': method<Client>()(z.strictObject({ id })),
  'clients.create': method<Client>()(
    z.strictObject({ kind: z.enum(CLIENT_KINDS), name: requiredName, ...clientFields }),
  ),
  'clients.update': method<Client>()(
    z.strictObject({
      id,
      version: z.number().int().positive(),
      kind: z.enum(CLIENT_KINDS).optional(),
      name: requiredName.optional(),
      ...clientFields,
    }),
  ),
  'clients.delete': method<null>()(z.strictObject({ id })),

  'contacts.list': method<Contact[]>()(z.strictObject({ clientId: id })),
  'contacts.create': method<Contact>()(
    z.strictObject({
      clientId: id,
      name: requiredName,
      role: shortText().optional(),
      email: z.union([z.literal(''), z.email().max(320)]).optional(),
      phone: shortText(50).optional(),
    }),
  ),

  'timeline.list': method<TimelineEntry[]>()(z.strictObject({ clientId: id })),
  'timeline.add': method<TimelineEntry>()(
    z.strictObject({
      clientId: id,
      kind: z.enum(ENTRY_KINDS),
      occurredAt: isoDateTime,
      summary: z.string().trim().min(1, 'A summary is required').max(500),
      body: shortText(100_000).optional(),
      contactIds: z.array(id).max(100).optional(),
    }),
  ),
} as const;

export type Contract = typeof contract;
export type MethodName = keyof Contract;
export type MethodInput<M extends MethodName> = z.input<Contract[M]['input']>;
export type ParsedInput<M extends MethodName> = z.output<Contract[M]['input']>;
export type MethodOutput<M extends MethodName> = Contract[M]['output'];

export const METHOD_NAMES = Object.keys(contract) as MethodName[];

export function isMethodName(name: unknown): name is MethodName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(contract, name);
}
