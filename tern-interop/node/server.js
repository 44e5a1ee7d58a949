'use strict';
// node-smpp (npm smpp) as the SMSC, for Tern's SmppClient; driven by NodeSmppInteropTest.
// usage: node server.js SYSTEM_ID PASSWORD
// Listens on a free port and prints {"port":N}. Accepts one bind (any type) with the given
// credentials, answers submit_sm with message_id "node-<n>", then sends a deliver_sm
// (mobile-originated, text "reply to <text>") to the same session. On unbind it answers, prints
// one JSON line with what it saw, and exits 0. Exits 1 after 20 s.
const smpp = require('smpp');

const [systemId, password] = process.argv.slice(2, 4);
const seen = { bind: null, submits: [], deliverResp: [], enquireLinks: 0, unbind: false, errors: [] };
let n = 0;

function report(code) {
  process.stdout.write(JSON.stringify(seen) + '\n', () => process.exit(code));
}

const server = smpp.createServer((session) => {
  const onBind = (type) => (pdu) => {
    const ok = pdu.system_id === systemId && pdu.password === password;
    seen.bind = { type: type, system_id: pdu.system_id, interface_version: pdu.interface_version, ok: ok };
    session.send(pdu.response({ command_status: ok ? 0 : smpp.ESME_RBINDFAIL, system_id: 'NODESMSC' }));
    if (!ok) {
      session.close();
    }
  };
  session.on('bind_transceiver', onBind('trx'));
  session.on('bind_transmitter', onBind('tx'));
  session.on('bind_receiver', onBind('rx'));
  session.on('submit_sm', (pdu) => {
    const id = 'node-' + (++n);
    const text = pdu.short_message && pdu.short_message.message !== undefined
      ? String(pdu.short_message.message) : String(pdu.short_message);
    seen.submits.push({ message_id: id, source_addr: pdu.source_addr, destination_addr: pdu.destination_addr,
      text: text, registered_delivery: pdu.registered_delivery });
    session.send(pdu.response({ message_id: id }));
    session.deliver_sm({
      source_addr_ton: 1, source_addr_npi: 1, source_addr: pdu.destination_addr,
      dest_addr_ton: 1, dest_addr_npi: 1, destination_addr: pdu.source_addr,
      short_message: 'reply to ' + text,
    }, (resp) => {
      seen.deliverResp.push(resp.command_status);
    });
  });
  session.on('enquire_link', (pdu) => {
    seen.enquireLinks++;
    session.send(pdu.response());
  });
  session.on('unbind', (pdu) => {
    seen.unbind = true;
    session.send(pdu.response());
    session.close();
    server.close();
    setTimeout(() => report(0), 50);
  });
  session.on('error', (e) => seen.errors.push(e.message));
});

server.listen(0, '127.0.0.1', () => {
  process.stdout.write(JSON.stringify({ port: server.address().port }) + '\n');
});

setTimeout(() => {
  seen.errors.push('timeout after 20 s');
  report(1);
}, 20000).unref();
