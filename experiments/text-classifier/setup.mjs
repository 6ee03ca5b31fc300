// Lab setup (not part of the team's project): writes what a real working copy of this project holds
// but a repository should not carry — a raw data dump (data/raw/, ~6 MB) and a version-control
// directory (.hg/, ~3 MB of revlog-like bytes). Deterministic: the same bytes on every machine.
// Idempotent; run it before `dflab run experiments/text-classifier`.
import { mkdirSync, writeFileSync, existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SUBJECTS = {
  account: ['cannot log in', 'password reset', 'locked account', 'change email', 'delete my account', '2fa code missing'],
  billing: ['charged twice', 'refund request', 'card declined', 'wrong invoice', 'subscription price', 'unknown charge'],
  shipping: ['package not arrived', 'tracking broken', 'wrong address', 'damaged parcel', 'delivery delayed', 'missing item'],
  technical: ['app crashes', 'error 500', 'page not loading', 'upload timeout', 'blank screen', 'sync broken'],
};
const FILLER = 'please help this is urgent thanks we have been waiting since last week and nobody answered the previous ticket'.split(' ');

function dump(path, rows) {
  const rand = prng(7);
  const labels = Object.keys(SUBJECTS);
  const lines = ['ticket_id,created_at,customer_id,channel,label,subject,body'];
  for (let i = 0; i < rows; i++) {
    const label = labels[Math.floor(rand() * labels.length)];
    const subject = SUBJECTS[label][Math.floor(rand() * 6)];
    const words = Array.from({ length: 12 + Math.floor(rand() * 24) }, () => FILLER[Math.floor(rand() * FILLER.length)]);
    const day = String(1 + Math.floor(rand() * 28)).padStart(2, '0');
    const month = String(1 + Math.floor(rand() * 12)).padStart(2, '0');
    const channel = ['email', 'chat', 'phone', 'web'][Math.floor(rand() * 4)];
    lines.push(`${100000 + i},2024-${month}-${day},C${Math.floor(rand() * 1e7)},${channel},${label},${subject},"${subject} ${words.join(' ')}"`);
  }
  write(path, `${lines.join('\n')}\n`);
}

function revlogs(dir, files, bytesEach) {
  const rand = prng(11);
  write(join(dir, 'requires'), 'dotencode\nfncache\ngeneraldelta\nrevlogv1\nsparserevlog\nstore\n');
  write(join(dir, 'hgrc'), '[paths]\ndefault = https://hg.example.com/ml/ticket-classifier\n');
  for (let i = 0; i < files; i++) {
    const buf = Buffer.alloc(bytesEach);
    for (let j = 0; j < bytesEach; j += 4) buf.writeUInt32LE(Math.floor(rand() * 4294967296), j);
    write(join(dir, 'store', 'data', `file${String(i).padStart(3, '0')}.py.i`), buf);
  }
}

function write(path, data) {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, data);
}

const csv = join(here, 'data/raw/tickets_2024.csv');
if (!existsSync(csv)) dump(csv, 40000);
const hg = join(here, '.hg');
if (!existsSync(join(hg, 'store'))) revlogs(hg, 48, 64 * 1024);
console.log(`data dump: ${csv} (${statSync(csv).size} bytes); version control: ${hg}`);
