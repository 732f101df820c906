import { z } from 'zod';

/** Every user-facing string of a campaign is bilingual: the office works in Chinese, the platform also in English. */
export const textSchema = z.strictObject({
  zh: z.string().trim().min(1, 'required'),
  en: z.string().trim().min(1, 'required'),
});

export type Text = z.infer<typeof textSchema>;
