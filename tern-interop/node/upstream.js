'use strict';
// node-smpp (npm smpp) as an upstream SMSC for Tern's connector, driven by NodeSmppUpstreamTest.
// usage: node upstream.js SYSTEM_ID PASSWORD STYLE
// Listens on a free port of 127.0.0.1 and prints {"port":N}. Accepts binds (any type) with the
// given credentials and answers each submit_sm with a hex message_id. When registered_delivery asks
// for one it then sends a delivery receipt (deliver_sm, esm_class 0x04, Appendix B text, stat:DELIVRD)
// on a receiving session. STYLE 'tlv': the text names the hex id and the receipted_message_id and
// message_state TLVs are added; STYLE 'decimal': the text names the id's decimal value zero-padded
// to 12 digits, and no TLVs. A receipt answered with an error status is sent again 100 ms later.
// On unbind it answers, prints one JSON line with what it did, and exits 0. Exits 1 after 30 s.
const smpp = require('smpp');

const [systemId, password, style] = process.argv.slice(2, 5);
const seen = { binds: [], submits: 0, receiptsSent: 0, receiptsOk: 0, receiptsRetried: 0, texts: [], errors: [] };
let next = 0x5e1f00;

function report(code) {
  process.stdout.write(JSON.stringify(seen) + '\n', () => process.exit(code));
}

function pad(s, n) {
  while (s.length < n) {
    s = '0' + s;
  }
  return s;
}

function date() {
  const d = new Date();
  const two = (v) => pad(String(v), 2);
  return two(d.getUTCFullYear() % 100) + two(d.getUTCMonth() + 1) + two(d.getUTCDate()) + two(d.getUTCHours())
    + two(d.getUTCMinutes());
}

function sendReceipt(session, receipt) {
  seen.receiptsSent++;
  session.deliver_sm(receipt, (resp) => {
    if (resp.command_status === 0) {
      seen.receiptsOk++;
    } else {
      seen.receiptsRetried++;
      setTimeout(() => sendReceipt(session, receipt), 100);
    }
  });
}

const server = smpp.createServer((session) => {
  let receives = false;
  const onBind = (type) => (pdu) => {
    const ok = pdu.system_id === systemId && pdu.password === password;
    seen.binds.push({ type: type, ok: ok });
    session.send(pdu.response({ command_status: ok ? 0 : smpp.ESME_RBINDFAIL, system_id: 'NODEUP' }));
    if (!ok) {
      session.close();
      return;
    }
    receives = type !== 'tx';
  };
  session.on('bind_transceiver', onBind('trx'));
  session.on('bind_transmitter', onBind('tx'));
  session.on('bind_receiver', onBind('rx'));
  session.on('submit_sm', (pdu) => {
    seen.submits++;
    const id = (next++).toString(16);
    const text = pdu.short_message && pdu.short_message.message !== undefined
      ? String(pdu.short_message.message) : String(pdu.short_message);
    seen.texts.push(text);
    session.send(pdu.response({ message_id: id }));
    if ((pdu.registered_delivery & 3) === 0 || !receives) {
      return;
    }
    const textId = style === 'decimal' ? pad(String(parseInt(id, 16)), 12) : id;
    const receipt = {
      source_addr_ton: 1, source_addr_npi: 1, source_addr: pdu.destination_addr,
      dest_addr_ton: 1, dest_addr_npi: 1, destination_addr: pdu.source_addr,
      esm_class: 4,
      short_message: 'id:' + textId + ' sub:001 dlvrd:001 submit date:' + date() + ' done date:' + date()
        + ' stat:DELIVRD err:000 text:' + text.substring(0, 20),
    };
    if (style !== 'decimal') {
      receipt.receipted_message_id = id;
      receipt.message_state = 2;
    }
    sendReceipt(session, receipt);
  });
  session.on('enquire_link', (pdu) => session.send(pdu.response()));
  session.on('unbind', (pdu) => {
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
  seen.errors.push('timeout after 30 s');
  report(1);
}, 30000).unref();
