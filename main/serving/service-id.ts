import { z } from 'zod';

/** A service is named `<model>:<version>` in the contract (the model name may itself hold colons). */
export const serviceId = z.string().regex(/^.+:\d+$/, 'expected <model>:<version>, e.g. sales:3');

export function parseServiceId(id: string): { model: string; version: number } {
  const at = id.lastIndexOf(':');
  return { model: id.slice(0, at), version: Number(id.slice(at + 1)) };
}
