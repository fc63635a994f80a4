import { wantsHtml } from './unsubscribe.controller';

const accept = (value?: string) => ({ headers: value === undefined ? {} : { accept: value } });

describe('unsubscribe content negotiation (JSON unless the client prefers HTML)', () => {
  it('answers a browser with HTML', () => {
    expect(wantsHtml(accept('text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8'))).toBe(true);
    expect(wantsHtml(accept('text/html'))).toBe(true);
  });

  it('answers JSON without an Accept header, to */* (curl, mail clients) and to JSON clients', () => {
    expect(wantsHtml(accept())).toBe(false);
    expect(wantsHtml(accept('*/*'))).toBe(false);
    expect(wantsHtml(accept('application/json'))).toBe(false);
    expect(wantsHtml(accept('application/json, text/plain, */*'))).toBe(false);
  });

  it('follows quality values and q=0', () => {
    expect(wantsHtml(accept('application/json;q=0.5, text/html'))).toBe(true);
    expect(wantsHtml(accept('text/html;q=0.4, application/json;q=0.9'))).toBe(false);
    expect(wantsHtml(accept('application/json;q=0, */*'))).toBe(true);
    expect(wantsHtml(accept('text/*'))).toBe(true);
  });
});
