import { Injectable } from '@nestjs/common';
import { AuditService } from '@meridian/audit';
import { AuthUser, isSecretariat } from '@meridian/auth';
import { ConflictError, decodeCursor, InvalidFieldError, InvalidTransitionError, isUuid, NotFoundError, Page, toPage, UnprocessableError } from '@meridian/common';
import { Transaction, Transactions } from '@meridian/database';
import { RealtimePublisher } from '@meridian/realtime';
import { TaxonomyService } from '@meridian/taxonomy';
import type { WorkingGroupStatus } from './entities/working-group.entity';
import type { SubscriptionLevel } from './entities/working-group-subscription.entity';
import { CreateWorkingGroupDto, ListWorkingGroupsQuery, UpdateWorkingGroupDto, WorkingGroupDto } from './dto/working-group.dto';
import { GroupSubscriptionDto, MarkGroupReadDto } from './dto/membership.dto';
import { assertCanModerate, assertContentVisible, assertNotArchived, GroupAccessFacts } from './group-permissions';
import { GroupThreadActivity } from './group-thread-activity';
import { toGroupDto } from './working-group.mapper';
import { GroupPatch, GroupRow, GroupWithCountRow, NewGroup, WorkingGroupsRepository } from './working-groups.repository';

/** A group the caller can see, with what the permission rules need. */
export interface GroupContext {
  group: GroupRow;
  facts: GroupAccessFacts;
}

export function accessFacts(group: GroupRow, user: AuthUser | null | undefined): GroupAccessFacts {
  return { status: group.status, myRole: group.myRole, myState: group.myState, secretariat: isSecretariat(user), contentVisible: group.contentVisible };
}

@Injectable()
export class WorkingGroupsService {
  constructor(
    private readonly transactions: Transactions,
    private readonly groups: WorkingGroupsRepository,
    private readonly activity: GroupThreadActivity,
    private readonly taxonomy: TaxonomyService,
    private readonly audit: AuditService,
    private readonly realtime: RealtimePublisher,
  ) {}

  /** The group by id or slug if the caller may see it (404 otherwise); `lock` holds its row for the transaction. */
  async resolve(ref: string, user: AuthUser | null | undefined, tx?: Transaction, lock = false): Promise<GroupContext> {
    const group = await this.groups.findVisible(ref, user ?? null, { tx, lock });
    if (!group) throw new NotFoundError('Working group');
    return { group, facts: accessFacts(group, user) };
  }

  async create(user: AuthUser, dto: CreateWorkingGroupDto): Promise<WorkingGroupDto> {
    await this.taxonomy.assertCountries('countries', dto.countries);
    if (dto.slug) assertUsableSlug(dto.slug);
    const id = await this.transactions.run(async (tx) => {
      const chairIds = dto.chairIds ?? [];
      const existing = await this.groups.existingUserIds(tx, chairIds);
      const missing = chairIds.filter((chairId) => !existing.includes(chairId));
      if (missing.length) throw new UnprocessableError(`chairIds: no active user ${missing.join(', ')}`);
      const { groupId, slug } = await this.insertWithFreeSlug(tx, dto.slug, {
        name: dto.name, mandate: dto.mandate, visibility: dto.visibility, joinPolicy: dto.joinPolicy,
        gcmObjectives: dto.gcmObjectives, countries: dto.countries, createdById: user.id,
      });
      for (const chairId of chairIds) {
        await this.groups.saveMembership(tx, { workingGroupId: groupId, userId: chairId, role: 'chair', state: 'active', invitedById: user.id });
      }
      await this.audit.record(tx, {
        actorId: user.id, action: 'working_group.create', targetType: 'working_group', targetId: groupId,
        after: { name: dto.name, slug, visibility: dto.visibility, joinPolicy: dto.joinPolicy, chairIds },
      });
      return groupId;
    });
    return this.get(id, user);
  }

  async list(user: AuthUser | undefined, query: ListWorkingGroupsQuery): Promise<Page<WorkingGroupDto>> {
    const after = decodeCursor(query.cursor, ['string', 'uuid']);
    if (query.country) await this.taxonomy.assertCountry('country', query.country);
    const rows = await this.groups.list(query, user ?? null, query.limit, after);
    const unread = await this.unreadFor(user, rows.slice(0, query.limit));
    return toPage(rows, query.limit, (row) => [row.name, row.id], (row) => toGroupDto(row, unread.get(row.id) ?? 0));
  }

  async get(ref: string, user: AuthUser | undefined): Promise<WorkingGroupDto> {
    const group = await this.groups.findVisible(ref, user ?? null, { withMemberCount: true });
    if (!group) throw new NotFoundError('Working group');
    const unread = await this.unreadFor(user, [group]);
    return toGroupDto(group, unread.get(group.id) ?? 0);
  }

  async update(ref: string, user: AuthUser, dto: UpdateWorkingGroupDto): Promise<WorkingGroupDto> {
    if (dto.countries) await this.taxonomy.assertCountries('countries', dto.countries);
    if (dto.slug) assertUsableSlug(dto.slug);
    const { id, visibilityChanged } = await this.transactions.run(async (tx) => {
      const { group, facts } = await this.resolve(ref, user, tx, true);
      assertCanModerate(facts);
      assertNotArchived(facts);
      if ((await this.groups.update(tx, group.id, dto)) === 'slug_taken') throw slugTaken(dto.slug!);
      if (facts.secretariat) {
        await this.audit.record(tx, {
          actorId: user.id, action: 'working_group.update', targetType: 'working_group', targetId: group.id,
          before: editableFields(group, Object.keys(dto)), after: { ...dto },
        });
      }
      return { id: group.id, visibilityChanged: dto.visibility !== undefined && dto.visibility !== group.visibility };
    });
    // Sockets listening to the group or its threads keep only what the new visibility still lets them read.
    if (visibilityChanged) await this.realtime.revalidateGroupAudience(id);
    return this.get(id, user);
  }

  archive(ref: string, user: AuthUser): Promise<WorkingGroupDto> {
    return this.changeStatus(ref, user, 'archived');
  }

  unarchive(ref: string, user: AuthUser): Promise<WorkingGroupDto> {
    return this.changeStatus(ref, user, 'active');
  }

  private async changeStatus(ref: string, user: AuthUser, status: WorkingGroupStatus): Promise<WorkingGroupDto> {
    const id = await this.transactions.run(async (tx) => {
      const { group, facts } = await this.resolve(ref, user, tx, true);
      assertCanModerate(facts);
      if (group.status === status) throw new InvalidTransitionError('working group', group.status, status === 'archived' ? 'archive' : 'unarchive');
      await this.groups.setStatus(tx, group.id, status);
      if (facts.secretariat) {
        await this.audit.record(tx, {
          actorId: user.id, action: status === 'archived' ? 'working_group.archive' : 'working_group.unarchive',
          targetType: 'working_group', targetId: group.id, before: { status: group.status }, after: { status },
        });
      }
      return group.id;
    });
    return this.get(id, user);
  }

  async markRead(ref: string, user: AuthUser): Promise<MarkGroupReadDto> {
    const { group, facts } = await this.resolve(ref, user);
    assertContentVisible(facts);
    const updated = await this.transactions.run((tx) => this.activity.markGroupRead(tx, user.id, group.id));
    return { workingGroupId: group.id, updated, unreadCount: 0 };
  }

  async subscribe(ref: string, user: AuthUser, level: SubscriptionLevel): Promise<GroupSubscriptionDto> {
    const { group, facts } = await this.resolve(ref, user);
    assertContentVisible(facts);
    await this.groups.saveSubscription(user.id, group.id, level);
    return { workingGroupId: group.id, level };
  }

  private async unreadFor(user: AuthUser | undefined, rows: GroupWithCountRow[]): Promise<Map<string, number>> {
    const memberOf = rows.filter((row) => row.myState === 'active').map((row) => row.id);
    if (!user || !memberOf.length) return new Map();
    return this.activity.unreadCounts(user.id, memberOf);
  }

  /**
   * Inserts the group under its requested slug (409 when taken), or under the first free one derived from its
   * name (`name`, `name-2`, …): the unique index decides, also between two creations at once.
   */
  private async insertWithFreeSlug(tx: Transaction, requestedSlug: string | undefined, group: Omit<NewGroup, 'slug'>): Promise<{ groupId: string; slug: string }> {
    const base = requestedSlug ?? slugify(group.name);
    for (let n = 1; ; n++) {
      const slug = n === 1 ? base : `${base}-${n}`;
      const groupId = await this.groups.insert(tx, { ...group, slug });
      if (groupId !== 'slug_taken') return { groupId, slug };
      if (requestedSlug) throw slugTaken(requestedSlug);
    }
  }
}

/** Latin names become `regional-thematic-working-group…`; names with no Latin letters fall back to `group`. */
export function slugify(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/g, '');
  return slug || 'group';
}

function assertUsableSlug(slug: string): void {
  if (isUuid(slug)) throw new InvalidFieldError('slug', 'slug must not look like an id');
}

function slugTaken(slug: string): ConflictError {
  return new ConflictError('CONFLICT', `The slug "${slug}" is taken`);
}

const EDITABLE_FIELDS: (keyof GroupPatch & keyof GroupRow)[] = ['name', 'slug', 'mandate', 'visibility', 'joinPolicy', 'gcmObjectives', 'countries'];

/** The group's values of the fields a patch names, for the audit log's `before`. */
function editableFields(row: GroupRow, keys: string[]): Record<string, unknown> {
  const editable = keys.filter((key): key is (typeof EDITABLE_FIELDS)[number] => (EDITABLE_FIELDS as string[]).includes(key));
  return Object.fromEntries(editable.map((key) => [key, row[key]]));
}
