import { normalizePhone, optionalText } from '@civicgraph/platform';

/** How the poster may be reached, as typed in the form; every part optional. */
export interface PosterContactInput {
  name?: string | null;
  phone?: string | null;
  address?: string | null;
}

/** The columns it is stored in: trimmed, the phone normalized to digits. */
export interface PosterContact {
  posterName: string | null;
  posterPhone: string | null;
  posterAddress: string | null;
}

export const CONTACT_LIMITS = { name: 50, phone: 30, address: 200 } as const;

/** Checks the contact; errors name the field as the form has it (contact.phone). */
export function posterContact(input: PosterContactInput | null | undefined): PosterContact {
  const phone = optionalText('contact.phone', input?.phone, CONTACT_LIMITS.phone);
  return {
    posterName: optionalText('contact.name', input?.name, CONTACT_LIMITS.name),
    posterPhone: phone === null ? null : normalizePhone('contact.phone', phone),
    posterAddress: optionalText('contact.address', input?.address, CONTACT_LIMITS.address),
  };
}
