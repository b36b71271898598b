import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { PodiumError } from '../../contract/errors.js';

/** The ONNX graph an imported model package holds, in model/. */
export const ONNX_MODEL_FILE = 'model.onnx';
/** Beside it: which record fields feed which graph input, and which outputs answer. */
export const ONNX_LAYOUT_FILE = 'onnx-layout.json';

export const ONNX_INPUT_TYPES = ['float32', 'float64', 'int64', 'int32', 'string'] as const;
export type OnnxInputType = (typeof ONNX_INPUT_TYPES)[number];

const layoutSchema = z.object({
  format: z.literal('podium-onnx-layout/1'),
  /**
   * One entry per graph input: a field of its own (`fields` of one, shape [N,1] or [N]) or
   * several fields as the columns of one [N,k] matrix, in the order the signature lists them.
   */
  inputs: z.array(
    z.object({
      name: z.string(),
      type: z.enum(ONNX_INPUT_TYPES),
      fields: z.array(z.string()).min(1),
      /** 1 when the graph takes a [N] vector, 2 for [N,k]. */
      rank: z.union([z.literal(1), z.literal(2)]),
    }),
  ),
  /** Which graph outputs answer: a value (regression) or probabilities (classifiers). */
  outputs: z.union([
    z.object({ value: z.string() }),
    z.object({ probabilities: z.string(), label: z.string().optional() }),
  ]),
  /** For string inputs: the values the fitted preprocessing's category codes stand for. */
  vocabularies: z.record(z.string(), z.array(z.string())),
});

export type OnnxLayout = z.infer<typeof layoutSchema>;

export async function readOnnxLayout(modelDir: string): Promise<OnnxLayout> {
  const file = join(modelDir, ONNX_LAYOUT_FILE);
  let value: unknown;
  try {
    value = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new PodiumError(
      'PACKAGE_INVALID',
      `${file}: cannot read the ONNX layout (${(error as Error).message})`,
      {
        file,
      },
    );
  }
  const parsed = layoutSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const key = issue.path.map(String).join('.');
    throw new PodiumError('PACKAGE_INVALID', `${file}: ${key || '(top level)'}: ${issue.message}`, {
      file,
      key,
    });
  }
  return parsed.data;
}
