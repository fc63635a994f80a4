import type { OutboxEventType } from '@meridian/outbox';
import type { OrganisationStatus } from './entities/organisation.entity';

export const ORGANISATION_ACTIONS = ['approve', 'reject', 'suspend', 'reinstate'] as const;
export type OrganisationAction = (typeof ORGANISATION_ACTIONS)[number];

export interface OrganisationTransition {
  from: readonly OrganisationStatus[];
  to: OrganisationStatus;
  /** Announced through the outbox in the transaction of the change. */
  event: OutboxEventType & `organisation.${string}`;
}

/** The organisation state machine: every status change the secretariat may make, and nothing else. */
export const ORGANISATION_TRANSITIONS: Record<OrganisationAction, OrganisationTransition> = {
  approve: { from: ['applied'], to: 'approved', event: 'organisation.approved' },
  reject: { from: ['applied'], to: 'rejected', event: 'organisation.rejected' },
  suspend: { from: ['approved'], to: 'suspended', event: 'organisation.suspended' },
  reinstate: { from: ['suspended'], to: 'approved', event: 'organisation.reinstated' },
};

/** The transition `action` makes from `status`, or null when that state does not allow it. */
export function organisationTransition(status: OrganisationStatus, action: OrganisationAction): OrganisationTransition | null {
  const transition = ORGANISATION_TRANSITIONS[action];
  return transition.from.includes(status) ? transition : null;
}
