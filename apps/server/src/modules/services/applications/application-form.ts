// The application form. The guides carry no form schema yet, so every item asks the same
// required contact fields; the rest of the form is free (flat values) and kept as given.
import { invalid } from '../../../platform/errors.ts';

/** Fields every application form must fill (a blank string counts as missing). */
export const requiredFormFields = ['contactPhone'] as const;

const mobile = /^1[3-9][0-9]{9}$/;

/** The form with text trimmed; 400 naming the first missing or malformed required field. */
export function checkForm(form: Record<string, string | number | boolean | null>) {
  const out: Record<string, string | number | boolean | null> = {};
  for (const [key, value] of Object.entries(form)) {
    out[key] = typeof value === 'string' ? value.trim() : value;
  }
  for (const field of requiredFormFields) {
    const value = out[field];
    if (value === undefined || value === null || value === '') {
      throw invalid(`form.${field}`, `form.${field} is required`);
    }
  }
  if (typeof out.contactPhone !== 'string' || !mobile.test(out.contactPhone)) {
    throw invalid('form.contactPhone', 'form.contactPhone must be an 11-digit mobile number');
  }
  return out;
}
