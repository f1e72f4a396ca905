import { describe, expect, it } from 'vitest';
import { secretForms } from '../../../src/domain/inputs/secret-forms.js';

describe('secretForms', () => {
  it('masks a token whole and in the base64 forms of Basic auth', () => {
    // base64 written out by hand: "ghs_abc", "x-access-token:ghs_abc", "octo:ghs_abc".
    expect(secretForms('ghs_abc', 'octo')).toEqual(['ghs_abc', 'Z2hzX2FiYw==', 'eC1hY2Nlc3MtdG9rZW46Z2hzX2FiYw==', 'b2N0bzpnaHNfYWJj']);
  });

  it('masks every line of a multi-line secret, trimmed too, and never an empty form', () => {
    const forms = secretForms('line-one\r\n  line-two \n\n', 'octo');
    expect(forms).toEqual(expect.arrayContaining(['line-one', '  line-two ', 'line-two']));
    expect(forms.every((form) => form.trim() !== '')).toBe(true);
  });

  it('has nothing to mask for an empty secret', () => {
    expect(secretForms('', 'octo')).toEqual([]);
  });
});
