import { z } from 'zod';

/**
 * Row ids are 32-bit integers (PostgreSQL `serial`); a larger number can name no row,
 * and sent to PostgreSQL it fails the query instead of finding nothing, so it is refused as bad input.
 */
export const MAX_ROW_ID = 2_147_483_647;

/** A row id in a JSON body. */
export const rowId = z.number().int().positive().max(MAX_ROW_ID);
/** A row id in a path or query string, where it arrives as text. */
export const rowIdParam = z.coerce.number().int().positive().max(MAX_ROW_ID);
