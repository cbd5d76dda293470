import Ajv, { type ValidateFunction } from 'ajv';
import { openApiDocument } from '../../src/routes/openapi.js';
import { compilePath, type PathPattern } from '../../src/routes/path-pattern.js';
import { ROUTES } from '../../src/routes/table.js';

/**
 * Checks answers against the OpenAPI document the app serves: each answer must be one its
 * route declares (status, and the body's schema when the body is JSON). The harness checks every
 * answer it sees; the setup file fails a test file that saw a non-conforming one.
 */
type Json = Record<string, any>;

const document = openApiDocument(ROUTES, 'test') as Json;
const ajv = new Ajv({ strict: false, allErrors: false, validateFormats: false });
ajv.addSchema({ $id: 'doc', components: document.components }, 'doc');

interface Operation {
  readonly pattern: PathPattern;
  readonly method: string;
  readonly responses: Json;
}

const operations: Operation[] = Object.entries(document.paths as Json).flatMap(([path, methods]) =>
  Object.entries(methods as Json).map(([method, operation]) => ({
    pattern: compilePath(path.replace(/\{(\w+)\}/g, ':$1')),
    method: method.toUpperCase(),
    responses: (operation as Json).responses as Json,
  })),
);

const validators = new Map<string, ValidateFunction>();
const violations: string[] = [];

export function conformanceViolations(): readonly string[] {
  return violations;
}

export function documentOf(): Json {
  return document;
}

/** Records a violation when the answer is not one the document allows for this request. */
export async function checkConformance(method: string, url: string, response: Response): Promise<void> {
  const path = new URL(url, 'http://x').pathname;
  const operation = findOperation(method === 'HEAD' ? 'GET' : method, path);
  if (!operation) return checkUnrouted(method, path, response);
  const declared = operation.responses[String(response.status)] as Json | undefined;
  if (!declared) return void violations.push(`${method} ${path}: status ${response.status} is not in the document`);
  const schema = declared.content?.['application/json']?.schema as Json | undefined;
  if (!schema || response.status === 304 || method === 'HEAD') return;
  const body = await jsonOf(response);
  const validate = validatorFor(`${operation.method} ${operation.pattern.path} ${response.status}`, schema);
  if (!validate(body)) violations.push(`${method} ${path} ${response.status}: ${ajv.errorsText(validate.errors)}`);
}

function findOperation(method: string, path: string): Operation | undefined {
  const matching = operations.filter((operation) => operation.pattern.regex.test(path));
  // A literal segment beats a parameter, as in the router.
  matching.sort((a, b) => a.pattern.names.length - b.pattern.names.length);
  return matching.find((operation) => operation.method === method);
}

/** No operation: the answer must be the error envelope (404, or 405 where the path exists). */
async function checkUnrouted(method: string, path: string, response: Response): Promise<void> {
  if (method === 'OPTIONS') return;
  if (method === 'HEAD') return void (response.status !== 404 && response.status !== 405 && violations.push(`HEAD ${path}: ${response.status}`));
  if (response.status !== 404 && response.status !== 405) {
    violations.push(`${method} ${path}: no route, yet answered ${response.status}`);
    return;
  }
  const validate = validatorFor('error', { $ref: '#/components/schemas/Error' });
  if (!validate(await jsonOf(response))) violations.push(`${method} ${path}: ${ajv.errorsText(validate.errors)}`);
}

function validatorFor(key: string, schema: Json): ValidateFunction {
  let validate = validators.get(key);
  if (!validate) validators.set(key, (validate = ajv.compile(rebase(schema))));
  return validate;
}

/** Points local references at the document registered as `doc`. */
function rebase(schema: Json): Json {
  return JSON.parse(JSON.stringify(schema).replaceAll('"#/components/', '"doc#/components/'));
}

async function jsonOf(response: Response): Promise<unknown> {
  const text = await response.clone().text();
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
