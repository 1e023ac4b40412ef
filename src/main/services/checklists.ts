/**
 * Lifecycle checklists: a template per stage (built-in defaults the user can edit), copied onto a
 * client when it moves to that stage, so later template edits do not change checklists already
 * started. Finishing the offboarding checklist makes the client alumni with a yearly keep-in-touch.
 */
import { randomUUID } from 'node:crypto';
import { RapportError } from '../../shared/errors';
import { DEFAULT_CHECKLISTS } from '../../shared/checklists';
import type { ParsedInput } from '../../shared/contract';
import type { ChecklistItem, ChecklistTemplate, ClientChecklist, LifecycleStage } from '../../shared/types';
import { LIFECYCLE_STAGES } from '../../shared/types';
import type { ServiceDeps } from './deps';
import type { Writer } from '../vault/vault';
import { type ClientRecord, patchClient, requireClient } from './clients';
import { requireChild } from './children';
import { addDaysIso, todayIso } from './dates';
import { insertFollowUp } from './followups';
import { insertEntry } from './timeline';

interface TemplateRecord {
  items: string[];
}

export interface ChecklistRecord {
  stage: LifecycleStage;
  items: ChecklistItem[];
  startedAt: string;
  completedAt: string | null;
}

const STAGE_NAMES: Record<LifecycleStage, string> = {
  prospect: 'prospect',
  onboarding: 'onboarding',
  active: 'active',
  'issue-resolution': 'issue resolution',
  offboarding: 'offboarding',
  alumni: 'alumni',
};

const toChecklist = (id: string, clientId: string, version: number, r: ChecklistRecord): ClientChecklist => ({
  id,
  clientId,
  version,
  ...r,
});

async function template(w: Writer | ServiceDeps['vault'], stage: LifecycleStage): Promise<ChecklistTemplate> {
  const rec = await w.get<TemplateRecord>('checklist_templates', stage);
  return { stage, items: rec ? rec.data.items : DEFAULT_CHECKLISTS[stage], customised: !!rec };
}

export async function listTemplates(deps: ServiceDeps): Promise<ChecklistTemplate[]> {
  return Promise.all(LIFECYCLE_STAGES.map((stage) => template(deps.vault, stage)));
}

/** Saves a stage's template; `items: null` puts the built-in default back. */
export async function updateTemplate(deps: ServiceDeps, input: ParsedInput<'checklists.updateTemplate'>): Promise<ChecklistTemplate> {
  return deps.vault.write(async (w) => {
    const existing = await w.get<TemplateRecord>('checklist_templates', input.stage);
    if (input.items === null) {
      if (existing) await w.remove('checklist_templates', input.stage);
    } else if (existing) {
      await w.update('checklist_templates', input.stage, { items: input.items });
    } else {
      await w.insert('checklist_templates', input.stage, { items: input.items });
    }
    return template(w, input.stage);
  });
}

export async function listChecklists(deps: ServiceDeps, { clientId }: { clientId: string }): Promise<ClientChecklist[]> {
  const rows = await deps.vault.all<ChecklistRecord>('client_checklists', { column: 'client_id', value: clientId });
  return rows.map((r) => toChecklist(r.id, clientId, r.version, r.data)).sort((a, b) => b.startedAt.localeCompare(a.startedAt));
}

async function moveStage(w: Writer, clientId: string, client: ClientRecord, stage: LifecycleStage, now: Date, why: string): Promise<void> {
  await patchClient(w, clientId, { stage, updatedAt: now.toISOString() });
  await insertEntry(w, clientId, { kind: 'stage-change', occurredAt: now.toISOString(), summary: `Moved from ${STAGE_NAMES[client.stage]} to ${STAGE_NAMES[stage]}`, body: why }, now);
}

/** Moves a client to a stage (a timeline entry) and, if asked, starts that stage's checklist. */
export async function setStage(deps: ServiceDeps, input: ParsedInput<'clients.setStage'>): Promise<ClientChecklist | null> {
  return deps.vault.write((w) => startStage(w, input.clientId, input.stage, input.startChecklist, deps.clock.now(), input.note ?? ''));
}

/** setStage inside a transaction (also used when a review decides to part ways). */
export async function startStage(
  w: Writer,
  clientId: string,
  stage: LifecycleStage,
  startChecklist: boolean,
  now: Date,
  note: string,
): Promise<ClientChecklist | null> {
  const client = await requireClient(w, clientId);
  if (client.data.stage === stage) throw new RapportError('CONFLICT', `The client is already in ${STAGE_NAMES[stage]}.`);
  await moveStage(w, clientId, client.data, stage, now, note);
  if (!startChecklist) return null;
  const { items } = await template(w, stage);
  if (items.length === 0) return null;
  const record: ChecklistRecord = {
    stage,
    items: items.map((text) => ({ text, done: false, doneAt: null })),
    startedAt: now.toISOString(),
    completedAt: null,
  };
  const id = randomUUID();
  const version = await w.insert('client_checklists', id, record, { client_id: clientId });
  return toChecklist(id, clientId, version, record);
}

/** Ticks or unticks one item. Completing offboarding makes the client alumni, with a yearly keep-in-touch. */
export async function toggleChecklistItem(deps: ServiceDeps, input: ParsedInput<'checklists.toggle'>): Promise<ClientChecklist> {
  const now = deps.clock.now();
  return deps.vault.write(async (w) => {
    const { clientId, rec } = await requireChild<ChecklistRecord>(w, 'client_checklists', input.id, 'checklist');
    const list = rec.data;
    if (list.completedAt) throw new RapportError('CONFLICT', 'This checklist is complete.');
    if (input.index >= list.items.length) throw new RapportError('NOT_FOUND', 'That checklist item does not exist.');
    const items = list.items.map((item, i) => (i === input.index ? { ...item, done: input.done, doneAt: input.done ? now.toISOString() : null } : item));
    const complete = items.every((i) => i.done);
    const next: ChecklistRecord = { ...list, items, completedAt: complete ? now.toISOString() : null };
    const version = await w.update('client_checklists', input.id, next, input.version);
    if (complete && list.stage === 'offboarding') {
      const client = await requireClient(w, clientId);
      await moveStage(w, clientId, client.data, 'alumni', now, 'Offboarding checklist complete.');
      await patchClient(w, clientId, { cadenceDays: 365 });
      await insertFollowUp(w, clientId, { reason: `Keep in touch with ${client.data.name}`, dueOn: addDaysIso(todayIso(deps.clock), 365), repeatDays: 365 }, now);
    }
    return toChecklist(input.id, clientId, version, next);
  });
}
