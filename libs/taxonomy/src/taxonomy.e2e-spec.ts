import request from 'supertest';
import { useTestApp } from '@meridian/testing';

describe('Taxonomy reads', () => {
  const t = useTestApp();

  it('lists the 23 GCM objectives in order, without signing in', async () => {
    const response = await request(t.server).get('/api/v1/taxonomy/gcm-objectives').expect(200);
    expect(response.body.items).toHaveLength(23);
    expect(response.body.items[0]).toEqual({ number: 1, title: expect.stringMatching(/data/i) });
    expect(response.body.items.map((item: { number: number }) => item.number)).toEqual(Array.from({ length: 23 }, (_, index) => index + 1));
  });

  it('lists countries with their Asia-Pacific sub-region, and `regional`', async () => {
    const response = await request(t.server).get('/api/v1/taxonomy/countries').expect(200);
    const byCode = new Map(response.body.items.map((item: { code: string }) => [item.code, item]));
    expect(byCode.get('PH')).toEqual({ code: 'PH', name: expect.any(String), subregion: expect.any(String) });
    expect(byCode.has('regional')).toBe(true);
    expect(response.headers['cache-control']).toMatch(/max-age/);
  });

  it('lists the organisation types', async () => {
    const response = await request(t.server).get('/api/v1/taxonomy/organisation-types').expect(200);
    expect(response.body.items.map((item: { code: string }) => item.code).sort()).toEqual(['academia', 'cso', 'government', 'international_org', 'other', 'research_institute']);
  });
});
