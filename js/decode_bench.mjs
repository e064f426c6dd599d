// The polkadot.js side of the raw-replay benchmark (bench/raw_throughput.sh): decodes
// every raw call line of a trace with @polkadot/api-contract, as a client reading what
// the chain recorded would: the call data (Abi.decodeMessage), the output (the
// message's MessageResult type) and each event (Abi.decodeEvent, by its signature
// topic). Counts the calls and reports calls/s; the JSON parsing of each line counts
// as decoding, as it does for meshcheck.
//
//   node js/decode_bench.mjs ABI_DIR TRACE.jsonl
//   # prints {"calls", "events", "seconds", "calls_per_s", "cpu_seconds", "calls_per_cpu_s", "rss_mb"}
import { Abi } from '@polkadot/api-contract';
import { compactAddLength, hexToU8a } from '@polkadot/util';
import { createReadStream, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

const [abiDir, tracePath] = process.argv.slice(2);
const abis = new Map();  // contract name -> Abi
const byAddress = new Map();  // deployed address -> Abi
const abiOf = (name) => {
  if (!abis.has(name)) abis.set(name, new Abi(JSON.parse(readFileSync(join(abiDir, `${name}.json`), 'utf8'))));
  return abis.get(name);
};
const typeName = (t) => t.lookupName || t.type;

let calls = 0, events = 0, checksum = 0;
const start = process.hrtime.bigint();
const cpuStart = process.cpuUsage();
const lines = createInterface({ input: createReadStream(tracePath), crlfDelay: Infinity });
for await (const text of lines) {
  if (!text.trim()) continue;
  const line = JSON.parse(text);
  if (line.deploy) {
    byAddress.set(line.deploy.address.toLowerCase(), abiOf(line.deploy.contract));
    continue;
  }
  const call = line.call;
  if (!call || !call.input) continue;
  const abi = byAddress.get(call.contract.toLowerCase()) ?? abiOf(call.contract);
  // decodeMessage reads call data as an extrinsic carries it: after its compact length.
  const decoded = abi.decodeMessage(compactAddLength(hexToU8a(call.input)));
  checksum += decoded.args.length;
  const expect = call.expect ?? {};
  if (expect.output) {
    const out = abi.registry.createType(typeName(decoded.message.returnType), hexToU8a(expect.output));
    checksum += out.isOk ? 1 : 0;
  }
  for (const ev of expect.events ?? []) {
    const topics = ev.topics.map((t) => ({ toHex: () => t }));
    const data = hexToU8a(ev.data);
    const record = abi.metadata.version.toString() === '5'
      ? { topics, event: { data: [null, data] } }
      : { event: { data: [null, data, topics] } };
    checksum += abi.decodeEvent(record).args.length;
    ++events;
  }
  ++calls;
}
const seconds = Number(process.hrtime.bigint() - start) / 1e9;
const cpu = process.cpuUsage(cpuStart);
const cpuSeconds = (cpu.user + cpu.system) / 1e6;
process.stdout.write(JSON.stringify({
  calls, events, seconds: +seconds.toFixed(3), calls_per_s: Math.round(calls / seconds),
  cpu_seconds: +cpuSeconds.toFixed(3), calls_per_cpu_s: Math.round(calls / cpuSeconds),
  rss_mb: Math.round(process.memoryUsage().rss / 2 ** 20), checksum,
}) + '\n');
