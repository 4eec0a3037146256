// A version per row (issue 16): what a form loaded, sent back with its save.
import { z } from 'zod';

/**
 * The version of the row a form loaded: the save is refused when another clerk saved the row since
 * (electron/platform/row-version.ts). Required: a save that names no version would silently overwrite
 * another clerk's; a caller without a form (a script, the CLI) reads the record first and names its version.
 */
export const rowVersion = z.number({ error: '请先读取记录再保存：缺少记录版本（version）' }).int({ error: '记录版本应为正整数' }).positive({ error: '记录版本应为正整数' });
