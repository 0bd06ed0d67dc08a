import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { TEXTRACT_MOCK_ACCESS_KEY_ID, TEXTRACT_MOCK_REGION, TEXTRACT_MOCK_SECRET_ACCESS_KEY, TEXTRACT_SIGNING_NAME } from './credentials.js';
import { incompleteSignature, invalidSignature, missingAuthenticationToken, unrecognizedClient } from './errors.js';

/**
 * AWS Signature Version 4 as a service checks it, for the Authorization-header form the SDK sends:
 * the header's shape, the credential scope (key id, date, region, service), the clock skew, and
 * then the signature itself, recomputed with the demo secret over the canonical request. Written
 * from AWS's description of the algorithm (canonical request, string to sign, derived key).
 */
export interface SignedRequest {
  method: string;
  /** Path and query string as received. */
  url: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export interface VerifiedCaller {
  accessKeyId: string;
  region: string;
}

const ALGORITHM = 'AWS4-HMAC-SHA256';
const MAX_SKEW_MS = 15 * 60 * 1000;

const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');
const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data).digest();

/** RFC 3986 unreserved characters stay, everything else is %XX with upper-case hex, as SigV4 wants. */
const awsEncode = (text: string) => encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/** `20261130T101500Z` → ms, or NaN. */
function parseAmzDate(value: string): number {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  return m ? Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!) : Number.NaN;
}

const formatAmzDate = (ms: number) => new Date(ms).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');

function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value.join(',') : value;
}

function parseAuthorization(header: string): { credential: string; signedHeaders: string; signature: string } {
  if (!header.startsWith(`${ALGORITHM} `)) {
    throw incompleteSignature(`Unsupported AWS 'algorithm': '${header.split(' ')[0]}'. Expected '${ALGORITHM}'.`);
  }
  const parts = new Map<string, string>();
  for (const part of header.slice(ALGORITHM.length + 1).split(',')) {
    const [name, ...rest] = part.trim().split('=');
    if (name && rest.length > 0) parts.set(name, rest.join('='));
  }
  const missing = ['Credential', 'SignedHeaders', 'Signature'].filter((name) => !parts.get(name));
  if (missing.length > 0) {
    throw incompleteSignature(`${missing.map((name) => `Authorization header requires '${name}' parameter.`).join(' ')} Authorization=${header.split(' ')[0]}`);
  }
  const signature = parts.get('Signature')!;
  if (!/^[0-9a-f]{64}$/.test(signature)) throw incompleteSignature(`Signature must be 64 lower-case hexadecimal characters, got '${signature}'.`);
  return { credential: parts.get('Credential')!, signedHeaders: parts.get('SignedHeaders')!, signature };
}

function canonicalQuery(url: string): string {
  const params = [...new URL(url, 'http://mock.invalid').searchParams].map(([name, value]) => [awsEncode(name), awsEncode(value)] as const);
  params.sort(([a, av], [b, bv]) => (a === b ? (av < bv ? -1 : av > bv ? 1 : 0) : a < b ? -1 : 1));
  return params.map(([name, value]) => `${name}=${value}`).join('&');
}

/** Non-S3 services encode each path segment once more on top of the URL's own encoding. */
const canonicalPath = (url: string) => (new URL(url, 'http://mock.invalid').pathname || '/').split('/').map(awsEncode).join('/');

/** Throws AWS's authentication error for anything short of a valid demo-key signature. */
export function verifySigV4(request: SignedRequest, now: number): VerifiedCaller {
  const authorization = headerValue(request.headers, 'authorization');
  if (!authorization) throw missingAuthenticationToken();
  const { credential, signedHeaders, signature } = parseAuthorization(authorization);

  const amzDate = headerValue(request.headers, 'x-amz-date');
  if (!amzDate) throw incompleteSignature("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
  const signedAt = parseAmzDate(amzDate);
  if (Number.isNaN(signedAt)) throw incompleteSignature(`X-Amz-Date must be in the ISO 8601 basic format YYYYMMDD'T'HHMMSS'Z', got '${amzDate}'.`);

  const scope = credential.split('/');
  if (scope.length !== 5 || scope[4] !== 'aws4_request') {
    throw incompleteSignature(`Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '${credential}'`);
  }
  const [accessKeyId, scopeDate, region, service] = scope as [string, string, string, string, string];
  if (accessKeyId !== TEXTRACT_MOCK_ACCESS_KEY_ID) throw unrecognizedClient();
  if (scopeDate !== amzDate.slice(0, 8)) {
    throw invalidSignature(`Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${scopeDate}' != '${amzDate.slice(0, 8)}', from '${amzDate}'.`);
  }
  if (region !== TEXTRACT_MOCK_REGION) throw invalidSignature(`Credential should be scoped to a valid region, not '${region}'. `);
  if (service !== TEXTRACT_SIGNING_NAME) throw invalidSignature(`Credential should be scoped to correct service: '${TEXTRACT_SIGNING_NAME}'. `);

  const names = signedHeaders.split(';');
  if (!names.includes('host')) throw invalidSignature("'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
  if (signedAt < now - MAX_SKEW_MS) {
    throw invalidSignature(`Signature expired: ${amzDate} is now earlier than ${formatAmzDate(now - MAX_SKEW_MS)} (${formatAmzDate(now)} - 15 min.)`);
  }
  if (signedAt > now + MAX_SKEW_MS) {
    throw invalidSignature(`Signature not yet current: ${amzDate} is still later than ${formatAmzDate(now + MAX_SKEW_MS)} (${formatAmzDate(now)} + 15 min.)`);
  }

  const canonicalHeaders = names.map((name) => `${name}:${(headerValue(request.headers, name) ?? '').trim().replace(/\s+/g, ' ')}\n`).join('');
  const canonicalRequest = [request.method, canonicalPath(request.url), canonicalQuery(request.url), canonicalHeaders, signedHeaders, sha256(request.body)].join('\n');
  const stringToSign = [ALGORITHM, amzDate, scope.slice(1).join('/'), sha256(canonicalRequest)].join('\n');
  const key = [scopeDate, region, service, 'aws4_request'].reduce<Buffer | string>((k, part) => hmac(k, part), `AWS4${TEXTRACT_MOCK_SECRET_ACCESS_KEY}`);
  const expected = hmac(key, stringToSign).toString('hex');
  if (!timingSafeEqual(Buffer.from(expected), Buffer.from(signature))) {
    throw invalidSignature(
      'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.\n\n' +
        `The Canonical String for this request should have been\n'${canonicalRequest}'\n\nThe String-to-Sign should have been\n'${stringToSign}'\n`,
    );
  }
  return { accessKeyId, region };
}
