import request from 'supertest';
import { DataSource } from 'typeorm';
import { useTestApp } from '@meridian/testing';

describe('GET /health', () => {
  const t = useTestApp();

  it('answers 200 with the database and queue up, outside /api/v1 and without a token', async () => {
    const response = await request(t.server).get('/health').expect(200);
    expect(response.body).toEqual({ status: 'ok', checks: { database: 'up', queue: 'up' } });
    expect(response.headers['x-request-id']).toBeTruthy();
  });

  it('answers 503 with the documented shape (not the error envelope) when the database is down', async () => {
    const dataSource = t.app.get(DataSource);
    await dataSource.destroy();
    try {
      const response = await request(t.server).get('/health').expect(503);
      expect(response.body).toEqual({ status: 'error', checks: { database: 'down', queue: 'up' } });
    } finally {
      await dataSource.initialize();
    }
  });
});
