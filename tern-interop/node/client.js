'use strict';
// node-smpp (npm smpp) as an ESME against a Tern SMSC, driven by NodeSmppInteropTest.
// usage: node client.js PORT SYSTEM_ID PASSWORD [COUNT]
// Binds as transceiver, submits COUNT messages with registered_delivery=1, waits for a delivery
// receipt (deliver_sm, esm_class 0x04) for each, query_sm on the first, enquire_link, unbind.
// Prints one JSON line (the result) on stdout; exit 0 when the script ran to the end.
const smpp = require('smpp');

const [port, systemId, password] = process.argv.slice(2, 5);
const count = parseInt(process.argv[5] || '10', 10);
const SOURCE = '4470000001';
const result = {
  bind: null, submitted: 0, submitOk: 0, messageIds: [], receipts: 0, receiptIds: [], receiptStates: {},
  receiptTexts: [], query: null, enquireLink: null, unbind: null, closed: false, errors: [],
};

function finish(code) {
  clearTimeout(timer);
  process.stdout.write(JSON.stringify(result) + '\n', () => process.exit(code));
}

const timer = setTimeout(() => {
  result.errors.push('timeout after 20 s');
  finish(1);
}, 20000);

const session = smpp.connect({ url: 'smpp://127.0.0.1:' + port }, () => {
  session.bind_transceiver({ system_id: systemId, password: password, interface_version: 0x34 }, (pdu) => {
    result.bind = pdu.command_status;
    if (pdu.command_status !== 0) {
      result.errors.push('bind_transceiver_resp status ' + pdu.command_status);
      finish(1);
      return;
    }
    for (let i = 0; i < count; i++) {
      result.submitted++;
      session.submit_sm({
        source_addr_ton: 1, source_addr_npi: 1, source_addr: SOURCE,
        dest_addr_ton: 1, dest_addr_npi: 1, destination_addr: '4479' + String(1000000 + i),
        registered_delivery: 1, short_message: 'node-smpp ' + i,
      }, (resp) => {
        if (resp.command_status === 0) {
          result.submitOk++;
          result.messageIds.push(resp.message_id);
        } else {
          result.errors.push('submit_sm_resp status ' + resp.command_status);
        }
        maybeDone();
      });
    }
  });
});

session.on('deliver_sm', (pdu) => {
  session.send(pdu.response());
  if ((pdu.esm_class & 0x3c) !== 0x04) {
    result.errors.push('unexpected deliver_sm esm_class ' + pdu.esm_class);
    return;
  }
  result.receipts++;
  const text = pdu.short_message && pdu.short_message.message !== undefined
    ? String(pdu.short_message.message) : String(pdu.short_message);
  if (result.receiptTexts.length < 2) {
    result.receiptTexts.push(text);
  }
  let id = pdu.receipted_message_id;
  if (!id) {
    const m = /id:(\S+)/.exec(text);
    id = m ? m[1] : null;
  }
  result.receiptIds.push(id);
  const state = pdu.message_state !== undefined ? String(pdu.message_state) : 'none';
  result.receiptStates[state] = (result.receiptStates[state] || 0) + 1;
  maybeDone();
});

session.on('error', (e) => {
  result.errors.push('session error: ' + e.message);
  finish(1);
});
session.on('close', () => {
  result.closed = true;
});

let ending = false;
function maybeDone() {
  if (ending || result.submitOk + countErrors() < count || result.receipts < result.submitOk) {
    return;
  }
  ending = true;
  session.query_sm({ message_id: result.messageIds[0], source_addr_ton: 1, source_addr_npi: 1,
    source_addr: SOURCE }, (q) => {
    result.query = { status: q.command_status, message_id: q.message_id, message_state: q.message_state,
      final_date: q.final_date, error_code: q.error_code };
    session.enquire_link({}, (e) => {
      result.enquireLink = e.command_status;
      session.unbind({}, (u) => {
        result.unbind = u.command_status;
        session.close();
        finish(0);
      });
    });
  });
}

function countErrors() {
  return result.errors.filter((e) => e.startsWith('submit_sm_resp')).length;
}
