/** The runtime's Authenticator alone: scheme names that are Object.prototype's keys are ordinary names. */
import { describe, expect, it } from 'vitest';
import { Authenticator, OAuthTokens, type SecuritySchemeSpec } from '../../../sdk-ts/src/core/index.js';
import { FAST_RETRY, SPEC_ERRORS } from '../core/helpers/spec.js';

const tokens = new OAuthTokens({ policy: FAST_RETRY, errors: SPEC_ERRORS, timeoutMs: 1000 });
const schemes: SecuritySchemeSpec[] = [{ name: 'constructor', kind: 'bearer', env: {} }, { name: 'toString', kind: 'apiKey', in: 'header', paramName: 'X-Key', env: {} }];
const request = { method: 'GET', url: 'http://127.0.0.1:9/x', operationId: 'x' };

describe('Authenticator', () => {
  it('a scheme named after an Object.prototype key has no credential unless given one', async () => {
    const none = await new Authenticator(schemes, { credentials: {} }, tokens).apply([[{ scheme: 'constructor', scopes: [] }], [{ scheme: 'toString', scopes: [] }]], request, 'http://127.0.0.1:9');
    expect(none).toMatchObject({ headers: {}, unmet: true, secrets: [] });
    const given = await new Authenticator(schemes, { credentials: { toString: 'key-1234' } }, tokens).apply([[{ scheme: 'constructor', scopes: [] }], [{ scheme: 'toString', scopes: [] }]], request, 'http://127.0.0.1:9');
    expect(given).toMatchObject({ headers: { 'x-key': 'key-1234' }, unmet: false });
  });
});
