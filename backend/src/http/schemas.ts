import { z } from 'zod';

export const errorBody = z
  .object({
    error: z.object({
      code: z.string(),
      message: z.string(),
      requestId: z.string(),
      details: z.unknown().optional(),
    }),
  })
  .meta({ id: 'Error' });

/** Documented error answers shared by every route. */
export const errorResponses = {
  '4xx': errorBody,
  '5xx': errorBody,
} as const;

export const propertyParams = z.object({
  propertyId: z.string().min(1).max(64).describe('Property id or code'),
});
