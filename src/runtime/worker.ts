import { AppError, errorBody } from '../errors.js';
import { buildWorkerHandler, type WorkerBindings, type WorkerContext, type WorkerHandler } from './worker-service.js';

/**
 * The Cloudflare Workers entry. Nothing happens at module load (Workers refuses timers and
 * randomness there): the app is built on the first request, from the bindings, once per isolate.
 */
let handler: Promise<WorkerHandler> | undefined;

function ready(env: WorkerBindings): Promise<WorkerHandler> {
  handler ??= buildWorkerHandler(env).catch((error: unknown) => {
    handler = undefined; // not a config problem (those become a handler): retry on the next request
    throw error;
  });
  return handler;
}

export default {
  async fetch(request: Request, env: WorkerBindings, context?: WorkerContext): Promise<Response> {
    let serve: WorkerHandler;
    try {
      serve = await ready(env);
    } catch (error) {
      const requestId = crypto.randomUUID();
      const cause = error instanceof Error ? error.name : typeof error;
      console.error(JSON.stringify({ level: 'error', event: 'worker.build_failed', requestId, cause }));
      const body = errorBody(new AppError('INTERNAL_ERROR', 'Internal server error'), requestId);
      return Response.json(body, { status: 500, headers: { 'X-Request-Id': requestId } });
    }
    return serve(request, context);
  },
};
