import { ORGANISATION_STATUSES } from './entities/organisation.entity';
import { ORGANISATION_ACTIONS, organisationTransition } from './organisation-transitions';

describe('organisation state machine', () => {
  it('allows exactly applied → approved | rejected, approved → suspended and suspended → approved (reinstate)', () => {
    const allowed = ORGANISATION_STATUSES.flatMap((status) =>
      ORGANISATION_ACTIONS.flatMap((action) => {
        const transition = organisationTransition(status, action);
        return transition ? [`${status} -${action}-> ${transition.to}`] : [];
      }),
    );
    expect(allowed.sort()).toEqual(['applied -approve-> approved', 'applied -reject-> rejected', 'approved -suspend-> suspended', 'suspended -reinstate-> approved']);
  });

  it('keeps a rejected organisation rejected', () => {
    for (const action of ORGANISATION_ACTIONS) expect(organisationTransition('rejected', action)).toBeNull();
  });
});
