import { DemoSeedStep, orderDemoSeedSteps } from './demo-seed-step';

const step = (name: string, after?: string[]): DemoSeedStep => ({ name, after, run: async () => undefined });
const names = (steps: DemoSeedStep[]) => steps.map((s) => s.name);

describe('orderDemoSeedSteps', () => {
  it('runs each step after the steps it builds on, whatever order the modules registered them in', () => {
    const ordered = orderDemoSeedSteps([step('discussions', ['users', 'organisations']), step('organisations', ['users']), step('events'), step('users')]);
    expect(names(ordered)).toEqual(['events', 'users', 'organisations', 'discussions']);
  });

  it('refuses two steps of one name, a step after an unregistered one, and steps waiting for each other', () => {
    expect(() => orderDemoSeedSteps([step('users'), step('users')])).toThrow('Two demo seed steps are named "users"');
    expect(() => orderDemoSeedSteps([step('organisations', ['users'])])).toThrow('runs after [users], which no module registered');
    expect(() => orderDemoSeedSteps([step('a', ['b']), step('b', ['a'])])).toThrow('wait for each other: [a, b]');
  });
});
