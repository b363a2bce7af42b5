/**
 * Just enough AWS Signature Version 4 to act like a real endpoint: read the credential scope
 * (which tells the fake the caller's key, region and service) and check the signature, so a
 * client configured with the wrong secret fails here the way it would against AWS.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

export interface SigV4Authorization {
  accessKeyId: string;
  /** yyyymmdd from the credential scope. */
  date: string;
  region: string;
  service: string;
  signedHeaders: string[];
  signature: string;
}

const AUTHORIZATION = new RegExp(
  '^AWS4-HMAC-SHA256 Credential=([^/,\\s]+)/(\\d{8})/([^/,\\s]+)/([^/,\\s]+)/aws4_request,' +
    '\\s*SignedHeaders=([a-z0-9;-]+),\\s*Signature=([0-9a-f]{64})$',
);

/** Parses an `Authorization` header; undefined when absent or not SigV4. */
export function parseAuthorization(header: string | undefined): SigV4Authorization | undefined {
  const match = header === undefined ? null : AUTHORIZATION.exec(header.trim());
  if (!match) {
    return undefined;
  }
  const [, accessKeyId, date, region, service, signedHeaders, signature] = match;
  return {
    accessKeyId,
    date,
    region,
    service,
    signedHeaders: signedHeaders.split(';'),
    signature,
  };
}

export interface SignedRequest {
  method: string;
  /** Path plus optional query string, as in `IncomingMessage.url`. */
  url: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** True when `auth.signature` is what `secretAccessKey` produces for this request. */
export function signatureMatches(
  request: SignedRequest,
  auth: SigV4Authorization,
  secretAccessKey: string,
): boolean {
  const amzDate = headerValue(request.headers, 'x-amz-date');
  if (amzDate === undefined || !amzDate.startsWith(auth.date)) {
    return false;
  }
  const scope = `${auth.date}/${auth.region}/${auth.service}/aws4_request`;
  const stringToSign = [
    'AWS4-HMAC-SHA256',
    amzDate,
    scope,
    sha256Hex(canonicalRequest(request, auth.signedHeaders)),
  ].join('\n');
  let key = hmac(`AWS4${secretAccessKey}`, auth.date);
  for (const part of [auth.region, auth.service, 'aws4_request']) {
    key = hmac(key, part);
  }
  const expected = Buffer.from(hmac(key, stringToSign).toString('hex'));
  const actual = Buffer.from(auth.signature);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

function canonicalRequest(request: SignedRequest, signedHeaders: string[]): string {
  const [path, query = ''] = request.url.split('?', 2);
  const headers = signedHeaders
    .map((name) => `${name}:${(headerValue(request.headers, name) ?? '').trim()}\n`)
    .join('')
    .replace(/ +/g, ' ');
  const payloadHash =
    headerValue(request.headers, 'x-amz-content-sha256') ?? sha256Hex(request.body);
  return [
    request.method,
    path || '/',
    canonicalQuery(query),
    headers,
    signedHeaders.join(';'),
    payloadHash,
  ].join('\n');
}

function canonicalQuery(query: string): string {
  return [...new URLSearchParams(query)]
    .map(([key, value]) => `${rfc3986(key)}=${rfc3986(value)}`)
    .sort()
    .join('&');
}

function rfc3986(text: string): string {
  return encodeURIComponent(text).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value.join(',') : value;
}

function sha256Hex(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

function hmac(key: string | Buffer, data: string): Buffer {
  return createHmac('sha256', key).update(data, 'utf8').digest();
}
