import { PodiumError } from '../contract/errors.js';

/** A model version reference as users type it: accepts "3", "v3", "name:3", "name@3" and "name:v3". */
export function parseVersionRef(ref: string, defaultModel: string): { modelName: string; version: number } {
  const match = /^(?:(.+?)[:@])?v?(\d+)$/.exec(ref.trim());
  if (!match) {
    throw new PodiumError(
      'USAGE',
      `"${ref}" is not a model version; use a number such as 3, v3 or ${defaultModel}:3`,
      {
        ref,
      },
    );
  }
  return { modelName: match[1] ?? defaultModel, version: Number(match[2]) };
}
