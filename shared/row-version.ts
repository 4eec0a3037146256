// A version per row (issue 16): what a form loaded, sent back with its save.
import { z } from 'zod';

/**
 * The version of the row a form loaded: the save is refused when another clerk saved the row since
 * (electron/platform/row-version.ts). Optional: a caller that loaded no form (a script, a test driving the
 * channel) saves unchecked.
 */
export const rowVersion = z.number({ error: '记录版本应为正整数' }).int().positive().optional();
