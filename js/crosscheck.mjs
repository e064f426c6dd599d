// The polkadot.js side of tests/abi_polkadot_test.cpp: encodes call data, return values
// and event data with @polkadot/api-contract from the real ink! metadata, and decodes
// events by the signature topic meshcheck computed.
//
//   node js/crosscheck.mjs ABI_DIR CASES.json > OUT.json
//
// CASES.json: [{"contract", "kind": "call"|"return"|"event", "label", "values": [...],
//               "topic": "0x..." (events: the signature topic meshcheck computed),
//               "ours": "0x..." (optional: meshcheck's own encoding)}]
// OUT.json: one object per case: {"hex": the library's encoding, and for events
//            "decoded_as": the event the library found by the topic, "reencoded": its
//            decoded fields encoded again; with "ours", "ours_decoded_as" and
//            "ours_reencoded": meshcheck's bytes decoded by the library (the message it
//            found by the selector, the event by the topic) and encoded again};
//            or {"error": message}.
import { Abi } from '@polkadot/api-contract';
import { compactAddLength, compactStripLength, hexToU8a, u8aConcat, u8aToHex } from '@polkadot/util';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const [abiDir, casesFile] = process.argv.slice(2);
const abis = new Map();
const abiOf = (name) => {
  if (!abis.has(name)) abis.set(name, new Abi(JSON.parse(readFileSync(join(abiDir, `${name}.json`), 'utf8'))));
  return abis.get(name);
};
const typeName = (t) => t.lookupName || t.type;

const out = [];
for (const c of JSON.parse(readFileSync(casesFile, 'utf8'))) {
  try {
    const abi = abiOf(c.contract);
    const reg = abi.registry;
    if (c.kind === 'call') {
      const m = abi.messages.find((x) => x.identifier === c.label);
      // toU8a prefixes the call data with its compact length, as an extrinsic carries it.
      const [, data] = compactStripLength(m.toU8a(c.values));
      const res = { hex: u8aToHex(data) };
      if (c.ours) {
        // (decodeMessage takes the call data as toU8a gives it: with its compact length.)
        const d = abi.decodeMessage(compactAddLength(hexToU8a(c.ours)));
        res.ours_decoded_as = d.message.identifier;
        res.ours_reencoded = u8aToHex(u8aConcat(d.message.selector.toU8a(), ...d.args.map((a) => a.toU8a())));
      }
      out.push(res);
    } else if (c.kind === 'return') {
      const m = abi.messages.find((x) => x.identifier === c.label);
      // MessageResult<T> = Result<T, LangError>: Ok(value), as the chain returns it.
      const res = { hex: reg.createType(typeName(m.returnType), { Ok: c.values[0] }).toHex() };
      if (c.ours) res.ours_reencoded = reg.createType(typeName(m.returnType), hexToU8a(c.ours)).toHex();
      out.push(res);
    } else if (c.kind === 'event') {
      const e = abi.events.find((x) => x.identifier.endsWith(`::${c.label}`));
      const data = u8aConcat(...e.args.map((a, i) => reg.createType(typeName(a.type), c.values[i]).toU8a()));
      // The library cannot make topics: decode by the signature topic meshcheck computed.
      const topic = { toHex: () => c.topic };
      const decode = (bytes) => abi.decodeEvent(abi.metadata.version.toString() === '5'
        ? { topics: [topic], event: { data: [null, bytes] } }
        : { event: { data: [null, bytes, [topic]] } });
      const decoded = decode(data);
      const res = {
        hex: u8aToHex(data),
        decoded_as: decoded.event.identifier,
        reencoded: u8aToHex(u8aConcat(...decoded.args.map((a) => a.toU8a()))),
      };
      if (c.ours) {
        const d = decode(hexToU8a(c.ours));
        res.ours_decoded_as = d.event.identifier;
        res.ours_reencoded = u8aToHex(u8aConcat(...d.args.map((a) => a.toU8a())));
      }
      out.push(res);
    } else {
      out.push({ error: `unknown kind ${c.kind}` });
    }
  } catch (err) {
    out.push({ error: String(err && err.message ? err.message : err) });
  }
}
process.stdout.write(JSON.stringify(out));
