import { Injectable } from '@nestjs/common';
import { AuditService } from '@meridian/audit';
import { AuthUser, isSecretariat } from '@meridian/auth';
import { ConflictError, decodeCursor, InvalidFieldError, InvalidTransitionError, NotFoundError, Page, renderMarkdown, toPage, UnprocessableError } from '@meridian/common';
import { RealtimePublisher } from '@meridian/realtime';
import { TaxonomyService } from '@meridian/taxonomy';
import { DataSource, EntityManager } from 'typeorm';
import type { WorkingGroupStatus } from './entities/working-group.entity';
import type { SubscriptionLevel } from './entities/working-group-subscription.entity';
import { CreateWorkingGroupDto, ListWorkingGroupsQuery, UpdateWorkingGroupDto, WorkingGroupDto } from './dto/working-group.dto';
import { GroupSubscriptionDto, MarkGroupReadDto } from './dto/membership.dto';
import { assertCanModerate, assertContentVisible, assertNotArchived, GroupAccessFacts } from './group-permissions';
import { GroupThreadActivity } from './group-thread-activity';
import { UUID_PATTERN } from './sql';
import { GroupRow, WorkingGroupsRepository } from './working-groups.repository';

/** A group the caller can see, with what the permission rules need. */
export interface GroupContext {
  group: GroupRow;
  facts: GroupAccessFacts;
}

export function accessFacts(group: GroupRow, user: AuthUser | null | undefined): GroupAccessFacts {
  return { status: group.status, myRole: group.my_role, myState: group.my_state, secretariat: isSecretariat(user), contentVisible: group.content_visible };
}

@Injectable()
export class WorkingGroupsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly groups: WorkingGroupsRepository,
    private readonly activity: GroupThreadActivity,
    private readonly taxonomy: TaxonomyService,
    private readonly audit: AuditService,
    private readonly realtime: RealtimePublisher,
  ) {}

  /** The group by id or slug if the caller may see it (404 otherwise); `lock` holds its row for the transaction. */
  async resolve(ref: string, user: AuthUser | null | undefined, manager?: EntityManager, lock = false): Promise<GroupContext> {
    const group = await this.groups.findVisible(ref, user ?? null, manager, lock);
    if (!group) throw new NotFoundError('Working group');
    return { group, facts: accessFacts(group, user) };
  }

  async create(user: AuthUser, dto: CreateWorkingGroupDto): Promise<WorkingGroupDto> {
    await this.taxonomy.assertCountries('countries', dto.countries);
    if (dto.slug) assertUsableSlug(dto.slug);
    const id = await this.dataSource.transaction(async (manager) => {
      const chairIds = dto.chairIds ?? [];
      const existing = await this.groups.existingUserIds(manager, chairIds);
      const missing = chairIds.filter((chairId) => !existing.includes(chairId));
      if (missing.length) throw new UnprocessableError(`chairIds: no active user ${missing.join(', ')}`);
      let slug = dto.slug;
      if (slug) {
        if (await this.groups.slugExists(manager, slug)) throw new ConflictError('CONFLICT', `The slug "${slug}" is taken`);
      } else {
        slug = await this.freeSlug(manager, dto.name);
      }
      const groupId = await this.groups.insert(manager, {
        slug, name: dto.name, mandate: dto.mandate, visibility: dto.visibility, joinPolicy: dto.joinPolicy,
        gcmObjectives: dto.gcmObjectives, countries: dto.countries, createdById: user.id,
      });
      for (const chairId of chairIds) {
        await this.groups.saveMembership(manager, { workingGroupId: groupId, userId: chairId, role: 'chair', state: 'active', invitedById: user.id });
      }
      await this.audit.record(manager, {
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
    const { group } = await this.resolve(ref, user);
    const unread = await this.unreadFor(user, [group]);
    return toGroupDto(group, unread.get(group.id) ?? 0);
  }

  async update(ref: string, user: AuthUser, dto: UpdateWorkingGroupDto): Promise<WorkingGroupDto> {
    if (dto.countries) await this.taxonomy.assertCountries('countries', dto.countries);
    if (dto.slug) assertUsableSlug(dto.slug);
    const { id, visibilityChanged } = await this.dataSource.transaction(async (manager) => {
      const { group, facts } = await this.resolve(ref, user, manager, true);
      assertCanModerate(facts);
      assertNotArchived(facts);
      if (dto.slug && (await this.groups.slugExists(manager, dto.slug, group.id))) throw new ConflictError('CONFLICT', `The slug "${dto.slug}" is taken`);
      await this.groups.update(manager, group.id, dto);
      if (facts.secretariat) {
        await this.audit.record(manager, {
          actorId: user.id, action: 'working_group.update', targetType: 'working_group', targetId: group.id,
          before: pick(group, Object.keys(dto)), after: { ...dto },
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
    const id = await this.dataSource.transaction(async (manager) => {
      const { group, facts } = await this.resolve(ref, user, manager, true);
      assertCanModerate(facts);
      if (group.status === status) throw new InvalidTransitionError('working group', group.status, status === 'archived' ? 'archive' : 'unarchive');
      await this.groups.setStatus(manager, group.id, status);
      if (facts.secretariat) {
        await this.audit.record(manager, {
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
    const updated = await this.dataSource.transaction((manager) => this.activity.markGroupRead(manager, user.id, group.id));
    return { workingGroupId: group.id, updated, unreadCount: 0 };
  }

  async subscribe(ref: string, user: AuthUser, level: SubscriptionLevel): Promise<GroupSubscriptionDto> {
    const { group, facts } = await this.resolve(ref, user);
    assertContentVisible(facts);
    await this.groups.saveSubscription(this.dataSource.manager, user.id, group.id, level);
    return { workingGroupId: group.id, level };
  }

  private async unreadFor(user: AuthUser | undefined, rows: GroupRow[]): Promise<Map<string, number>> {
    const memberOf = rows.filter((row) => row.my_state === 'active').map((row) => row.id);
    if (!user || !memberOf.length) return new Map();
    return this.activity.unreadCounts(user.id, memberOf);
  }

  private async freeSlug(manager: EntityManager, name: string): Promise<string> {
    const base = slugify(name);
    for (let n = 1; ; n++) {
      const candidate = n === 1 ? base : `${base}-${n}`;
      if (!(await this.groups.slugExists(manager, candidate))) return candidate;
    }
  }
}

export function toGroupDto(row: GroupRow, unreadCount: number): WorkingGroupDto {
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    mandate: row.mandate,
    mandateHtml: renderMarkdown(row.mandate),
    visibility: row.visibility,
    joinPolicy: row.join_policy,
    gcmObjectives: row.gcm_objectives.map(Number),
    countries: row.countries,
    status: row.status,
    archivedAt: row.archived_at ? row.archived_at.toISOString() : null,
    memberCount: row.member_count,
    myRole: row.my_role,
    myState: row.my_state,
    unreadCount,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
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
  if (UUID_PATTERN.test(slug)) throw new InvalidFieldError('slug', 'slug must not look like an id');
}

function pick(row: GroupRow, keys: string[]): Record<string, unknown> {
  const columns: Record<string, keyof GroupRow> = {
    name: 'name', slug: 'slug', mandate: 'mandate', visibility: 'visibility', joinPolicy: 'join_policy', gcmObjectives: 'gcm_objectives', countries: 'countries',
  };
  return Object.fromEntries(keys.filter((key) => columns[key]).map((key) => [key, row[columns[key]]]));
}
