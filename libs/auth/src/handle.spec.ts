import { firstFreeHandle, handleFromDisplayName, HANDLE_PATTERN } from './handle';

describe('handles derived from display names', () => {
  it.each([
    ['Maria Santos', 'maria_santos'],
    ['Nguyễn Thị Hương', 'nguyen_thi_huong'],
    ["  Dr. Siti Nur'aini  ", 'dr_siti_nur_aini'],
    ['Jo', 'user_jo'],
    ['สมชาย ใจดี', 'user'],
    ['李明', 'user'],
    ['A very long display name that goes on and on', 'a_very_long_display_name'],
  ])('turns %p into %p', (name, handle) => {
    expect(handleFromDisplayName(name)).toBe(handle);
    expect(handle).toMatch(HANDLE_PATTERN);
  });

  it('adds the first free number on collision and skips reserved words', () => {
    expect(firstFreeHandle('maria_santos', [])).toBe('maria_santos');
    expect(firstFreeHandle('maria_santos', ['Maria_Santos', 'maria_santos_2'])).toBe('maria_santos_3');
    expect(firstFreeHandle('admin', [])).toBe('admin_2');
  });
});
