import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { classIndexer } from '../common/class-labels.js';
import { sendError } from '../common/http-errors.js';
import type { InputSignature } from './input-schema.js';
import type { PredictionLog } from './prediction-log.js';

/** The model's target as its /model/info describes it: what an `actual` must be. */
export type FeedbackTarget = InputSignature['output'];

/**
 * POST /feedback: ground truth for served requests, one {request_id, actual} or an array of
 * them (at most `limit`). All or nothing: an unknown id or a bad item stores none of them.
 * `actual` must be one of the target's classes (as live performance matches them) or, for a
 * number target, a number; `target` is null when the champion cannot say what its target is
 * (none set, or not answering), and then only the shape of `actual` is checked.
 */
export function registerFeedbackRoute(
  app: FastifyInstance,
  log: PredictionLog,
  limit: number,
  target: (request: FastifyRequest) => Promise<FeedbackTarget | null>,
): void {
  app.post('/feedback', async (request, reply) => {
    let body: unknown;
    try {
      body = JSON.parse(String(request.body ?? ''));
    } catch (error) {
      return sendError(
        reply,
        400,
        'BAD_REQUEST',
        `The request body is not valid JSON: ${(error as Error).message}`,
      );
    }
    const items = Array.isArray(body) ? body : [body];
    if (items.length === 0) return sendError(reply, 400, 'BAD_REQUEST', 'The feedback array is empty');
    if (items.length > limit) {
      return sendError(
        reply,
        413,
        'BATCH_TOO_LARGE',
        `At most ${limit} feedback items per request; got ${items.length}`,
      );
    }
    const parsed: { requestId: string; actual: unknown }[] = [];
    const checkActual = actualCheck(await target(request));
    for (const [index, item] of items.entries()) {
      const where = Array.isArray(body) ? `item ${index}: ` : '';
      if (typeof item !== 'object' || item === null || Array.isArray(item)) {
        return sendError(reply, 400, 'BAD_REQUEST', `${where}expected an object {request_id, actual}`, {
          index,
        });
      }
      const record = item as Record<string, unknown>;
      if (typeof record.request_id !== 'string' || record.request_id === '') {
        return sendError(reply, 400, 'BAD_REQUEST', `${where}field 'request_id' must be a non-empty string`, {
          index,
          field: 'request_id',
        });
      }
      if (
        !('actual' in record) ||
        record.actual === null ||
        typeof record.actual === 'object' ||
        // JSON.parse reads 1e400 as Infinity, which would be stored as null.
        (typeof record.actual === 'number' && !Number.isFinite(record.actual))
      ) {
        return sendError(
          reply,
          400,
          'BAD_REQUEST',
          `${where}field 'actual' must be a finite number, a string or a boolean`,
          {
            index,
            field: 'actual',
          },
        );
      }
      const wrong = checkActual(record.actual);
      if (wrong !== null) {
        return sendError(reply, 400, 'INVALID_INPUT', `${where}${wrong.message}`, {
          index,
          field: 'actual',
          ...wrong.details,
        });
      }
      parsed.push({ requestId: record.request_id, actual: record.actual });
    }
    const unknown = log.unknownRequests(parsed.map((p) => p.requestId));
    // Rows still buffered behind a busy database are not "unknown": ask again shortly instead.
    if (log.busy) return busyAnswer(reply);
    if (unknown.length > 0) {
      return sendError(
        reply,
        404,
        'UNKNOWN_REQUEST',
        `No prediction was served with request_id ${unknown.slice(0, 5).join(', ')}${unknown.length > 5 ? ` and ${unknown.length - 5} more` : ''}; nothing was stored`,
        { unknown: unknown.slice(0, 100) },
      );
    }
    try {
      log.attachFeedback(parsed);
    } catch (error) {
      if ((error as { code?: string }).code === 'SQLITE_BUSY') return busyAnswer(reply);
      throw error;
    }
    return { stored: parsed.length };
  });
}

/** What is wrong with an `actual` for this target, or null when it names a class (or is a number). */
function actualCheck(
  target: FeedbackTarget | null,
): (actual: unknown) => { message: string; details: Record<string, unknown> } | null {
  if (target === null) return () => null;
  if (target.type === 'number') {
    return (actual) => {
      const number = typeof actual === 'string' && actual.trim() !== '' ? Number(actual) : actual;
      if (typeof number === 'number' && Number.isFinite(number)) return null;
      return {
        message: `field 'actual' must be a number: the target '${target.name}' is a number (got ${JSON.stringify(actual)})`,
        details: { expected: 'number' },
      };
    };
  }
  const classes = target.classes ?? [];
  const indexOf = classIndexer(classes);
  return (actual) =>
    indexOf(actual) >= 0
      ? null
      : {
          message: `field 'actual' must be one of the classes of '${target.name}': ${classes.map((c) => JSON.stringify(c)).join(', ')} (got ${JSON.stringify(actual)})`,
          details: { allowed: classes },
        };
}

/** The workspace's database is held by another writer past the busy timeout: nothing was stored. */
function busyAnswer(reply: FastifyReply) {
  reply.header('retry-after', '1');
  return sendError(
    reply,
    503,
    'LOG_BUSY',
    'The prediction log is busy (another Podium process holds the database); nothing was stored: send the feedback again in a second',
  );
}
