import { existsSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { generate } from 'selfsigned';

/**
 * A self-signed certificate for the push mock (push services are HTTPS only), made on first use
 * instead of committed: no private key, even a throwaway one, lives in git. The backend trusts it
 * through PUSH_CA_FILE.
 */
const dir = path.join(os.tmpdir(), 'innkeeper-push-mock-tls');
export const PUSH_MOCK_CA_FILE = path.join(dir, 'cert.pem');
export const PUSH_MOCK_KEY_FILE = path.join(dir, 'key.pem');

if (!existsSync(PUSH_MOCK_KEY_FILE)) {
  const pems = await generate([{ name: 'commonName', value: 'localhost' }], {
    keyType: 'ec',
    notAfterDate: new Date(Date.now() + 10 * 365 * 86_400_000),
    algorithm: 'sha256',
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'subjectAltName', altNames: [{ type: 2, value: 'localhost' }, { type: 7, ip: '127.0.0.1' }] },
    ],
  });
  // Written beside and renamed into place, so processes starting together never pair one's key
  // with another's certificate.
  const staging = `${dir}.${process.pid}.${Date.now()}`;
  await mkdir(staging, { recursive: true, mode: 0o700 });
  await writeFile(path.join(staging, 'key.pem'), pems.private, { mode: 0o600 });
  await writeFile(path.join(staging, 'cert.pem'), pems.cert);
  await rename(staging, dir).catch(() => rm(staging, { recursive: true, force: true }));
}
