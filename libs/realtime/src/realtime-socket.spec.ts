import { isUuid, parseRoomRequest } from './realtime-socket';

describe('parseRoomRequest', () => {
  const id = '3f2b8c1e-9a4d-4c7b-8e21-5d6f7a8b9c0d';

  it('accepts user, group and thread rooms with a UUID, normalised to lower case', () => {
    expect(parseRoomRequest({ room: `group:${id}` })).toEqual({ kind: 'group', id, name: `group:${id}` });
    expect(parseRoomRequest({ room: `THREAD:${id.toUpperCase()}` })).toEqual({ kind: 'thread', id, name: `thread:${id}` });
    expect(parseRoomRequest({ room: `user:${id}` })).toMatchObject({ kind: 'user', id });
  });

  it.each([undefined, null, 42, 'group:x', {}, { room: 7 }, { room: '' }, { room: `org:${id}` }, { room: `group:${id} ` }, { room: `group:${id}:extra` }])(
    'rejects %p',
    (body) => expect(parseRoomRequest(body)).toBeNull(),
  );

  it('recognises UUIDs only', () => {
    expect(isUuid(id)).toBe(true);
    expect(isUuid(`${id}0`)).toBe(false);
    expect(isUuid(undefined)).toBe(false);
  });
});
